import { afterAll, expect, it, vi } from "vitest";

/**
 * Our page CSP has no 'unsafe-eval'. zod 4 probes `new Function("")` when it builds its first object
 * schema; under our CSP the browser refuses it and reports a violation (Chrome's Issues panel,
 * Lighthouse best practices < 100) on every page with a client-side form. instrumentation-client.ts
 * (run by Next before any of our browser code) turns zod's `jitless` on so the probe never runs.
 */
const Original = globalThis.Function;
afterAll(() => {
  globalThis.Function = Original;
});

it("the browser entry keeps zod from calling the Function constructor", async () => {
  const constructed = vi.fn();
  globalThis.Function = new Proxy(Original, {
    construct(target, args, newTarget) {
      constructed(args);
      return Reflect.construct(target, args, newTarget);
    },
  });
  await import("@/instrumentation-client");
  const { z } = await import("zod");
  const schema = z.object({ identifiant: z.string().min(1), retour: z.string() });
  expect(schema.parse({ identifiant: "camille.martin@example.fr", retour: "/" }).identifiant).toBe("camille.martin@example.fr");
  expect(schema.safeParse({ identifiant: "" }).success).toBe(false);
  expect(constructed).not.toHaveBeenCalled();
});
