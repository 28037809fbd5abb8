import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configureHubSpotCallForTests } from "@/lib/hubspot/call";
import { formatCheckTable, runHubSpotCheck } from "@/lib/hubspot/check";
import { projectScopes } from "@/lib/hubspot/project";
import { CUSTOM_PROPERTIES, PIPELINES } from "@/lib/hubspot/spec";
import { fixtureSeed } from "../sandbox/fixtures";
import { startStack, type Stack } from "./support/stack";
import { virtualClock, type VirtualClock } from "./support/virtual-clock";

/** Objects the check left in the sandbox (its test objects all carry « Vérification »). */
function leftovers(stack: Stack): string[] {
  const store = stack.sandbox.store;
  const out: string[] = [];
  for (const type of ["contacts", "tickets", "meetings", "notes"] as const) {
    for (const o of store.list(type)) if (Object.values(o.properties).some((v) => typeof v === "string" && v.includes("Vérification"))) out.push(`${type} ${o.id}`);
  }
  return out;
}

describe("hubspot:check against the strict sandbox", () => {
  let stack: Stack;
  let clock: VirtualClock;
  beforeAll(async () => {
    clock = virtualClock();
    stack = await startStack(fixtureSeed, { sandboxClock: clock.sandbox });
  });
  beforeEach(() => {
    // Retries and polls pass on the virtual clock: no assertion waits on real time.
    configureHubSpotCallForTests({ now: clock.now, sleep: clock.sleep });
    stack.sandbox.store.strictness = { ...stack.sandbox.store.strictness, scopes: projectScopes() };
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("passes every step, prints a table and leaves nothing behind", async () => {
    const report = await runHubSpotCheck({ now: clock.now, sleep: (ms) => clock.sleep(ms) });
    expect(report.rows.filter((r) => r.result !== "ok")).toEqual([]);
    expect(report.ok).toBe(true);
    const steps = report.rows.map((r) => r.step);
    expect(steps).toEqual([
      "token scopes",
      ...Object.keys(PIPELINES).map((k) => `pipeline ${k}`),
      ...Object.keys(CUSTOM_PROPERTIES).map((t) => `properties ${t}`),
      ...["contacts", "tickets", "meetings", "notes"].flatMap((t) => [`${t}: create`, `${t}: read`, `${t}: search`, `${t}: archive`]),
      "file: upload",
      "file: read",
      "file: delete",
      "quotes: read",
      "invoices: read",
    ]);
    expect(report.rows[0]!.detail).toMatch(/^all \d+ scopes of the HubSpot project granted/);
    const table = formatCheckTable(report.rows);
    expect(table[0]).toMatch(/^step\s+result\s+detail$/);
    // The sandbox's search index lags behind writes (SANDBOX_SEARCH_LAG_MS): the check waited for it.
    expect(table.find((l) => l.startsWith("notes: search"))).toMatch(/OK\s+found after [1-9]\d*\.\d s \(\d+ searches\)/);
    expect(leftovers(stack)).toEqual([]);
    expect(stack.sandbox.store.list("contacts").some((c) => c.properties.email?.startsWith("hubspot-check-"))).toBe(false);
  });

  it("fails on a scope the app lacks and on a step HubSpot refuses, and still removes what it created", async () => {
    const [dropped, ...kept] = projectScopes();
    stack.sandbox.store.strictness = { ...stack.sandbox.store.strictness, scopes: kept };
    // Meetings' search answers 503 throughout: that step fails after hubspotCall's retries.
    expect((await stack.control("/faults", { mode: "error5xx", pathPattern: "/meetings/search$" })).status).toBe(200);
    try {
      const report = await runHubSpotCheck({ now: clock.now, sleep: (ms) => clock.sleep(ms) });
      expect(report.ok).toBe(false);
      const failed = report.rows.filter((r) => r.result === "fail");
      expect(failed.map((r) => r.step)).toEqual(["token scopes", "meetings: search"]);
      expect(failed[0]!.detail).toContain(`missing ${dropped}`);
      expect(report.rows.find((r) => r.step === "meetings: archive")?.result).toBe("ok");
      expect(leftovers(stack)).toEqual([]);
    } finally {
      await stack.control("/faults", { mode: "none" });
    }
  });
});
