import path from "node:path";
import { createRequire } from "node:module";
import { cruise } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "../..");
const config = require(path.join(root, ".dependency-cruiser.cjs")) as { forbidden: unknown[] };

/** The layer rules of `npm run lint`, run on a small fixture tree shaped like lib/. */
async function violations(): Promise<string[]> {
  const result = await cruise(["lib"], {
    baseDir: path.join(root, "tests/fixtures/layers"),
    validate: true,
    ruleSet: { forbidden: config.forbidden } as never,
    tsPreCompilationDeps: true,
  });
  const output = result.output as { summary: { violations: { from: string; to: string; rule: { name: string } }[] } };
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe("the layer rules (.dependency-cruiser.cjs, run by npm run lint)", () => {
  it("refuse an import that points up a layer and a reach into another domain's internals, and accept the rest", async () => {
    expect(await violations()).toEqual([
      "domain-public-entry: lib/account/inside.ts -> lib/bookings/slots.ts",
      "layer-hubspot: lib/hubspot/up.ts -> lib/bookings/slots.ts",
    ]);
  });

  it("allow only imports towards folders whose own rules never lead back (the folder graph of lib/ has no cycle)", () => {
    const allowed = new Map<string, string[]>();
    for (const rule of config.forbidden as { name: string; comment: string }[]) {
      const match = /^layer-(.+)$/.exec(rule.name);
      if (!match) continue;
      const list = /may import only: (.*) \(see/.exec(rule.comment)?.[1] ?? "";
      allowed.set(match[1]!, list.startsWith("nothing") ? [] : list.split(", "));
    }
    expect(allowed.size).toBeGreaterThan(20);
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      if (done.has(node)) return;
      if (visiting.has(node)) {
        cycles.push([...trail, node].join(" -> "));
        return;
      }
      visiting.add(node);
      for (const next of allowed.get(node) ?? []) if (next !== node) visit(next, [...trail, node]);
      visiting.delete(node);
      done.add(node);
    };
    for (const node of allowed.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
