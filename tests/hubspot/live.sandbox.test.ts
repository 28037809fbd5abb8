import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { configureHubSpotCall, getHubSpotCallMetrics, resetHubSpotCallMetrics } from "@/lib/hubspot/call";
import { onHubSpotChange, type HubSpotChange } from "@/lib/hubspot/events";
import { getCustomer, listInterventions } from "@/lib/hubspot/queries";
import { buildSeed } from "@/sandbox/seed";
import { startStack, type Stack } from "./support/stack";
import { virtualClock } from "./support/virtual-clock";

/** Polls until `check` holds (bounded by the test's own timeout, not by a guess of the machine's speed). */
async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

describe("sandbox webhooks and faults reach the data layer", () => {
  let stack: Stack;
  let contactId: string;
  const changes: HubSpotChange[] = [];
  let off: () => void;
  // One virtual clock for the portal's HubSpot calls and the sandbox's injected faults.
  const clock = virtualClock();
  beforeAll(async () => {
    stack = await startStack(() => buildSeed({ now: new Date() }), { webhooks: true, sandboxClock: clock.sandbox });
    contactId = stack.seed.demoCustomers[0]!.contactId;
    off = onHubSpotChange((c) => changes.push(c));
  }, 120_000);
  afterAll(async () => {
    off?.();
    await stack?.close();
  });

  it("a staff stage change in HubSpot shows on the customer's next view (signed webhook → invalidation)", async () => {
    const before = await listInterventions(contactId);
    const target = before.find((i) => i.stage === "scheduled" || i.stage === "requested")!;
    expect(target).toBeDefined();
    const res = await stack.control(`/tickets/${target.id}/stage`, { stage: "en_route" });
    expect(res.status).toBe(200);
    await until(() => changes.some((c) => c.objectId === target.id));
    expect(changes.find((c) => c.objectId === target.id)?.contactIds).toContain(contactId);
    const after = await listInterventions(contactId);
    expect(after.find((i) => i.id === target.id)?.stage).toBe("en_route");
    const deliveries = (await stack.control("/webhooks")).body?.deliveries as { status: number }[];
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === 200)).toBe(true);
  });

  it("a 429 storm or an outage keeps the customer's wait bounded, with a French message", async () => {
    const { clearHubSpotCache } = await import("@/lib/hubspot/cache");
    await clearHubSpotCache();
    configureHubSpotCall({ maxWaitMs: 1500, now: clock.now, sleep: clock.sleep });
    for (const mode of ["rate429", "error5xx", "timeout"]) {
      await stack.control("/faults", { mode, probability: 1, timeoutMs: 10_000 });
      resetHubSpotCallMetrics();
      const started = clock.now();
      const error = await getCustomer(contactId).catch((e: unknown) => e);
      const waited = clock.now() - started; // backoff pauses and timed-out attempts, on the call's clock
      expect(isAppError(error) && error.code, mode).toBe("UPSTREAM_UNAVAILABLE");
      expect(isAppError(error) && error.userMessage).toMatch(/momentanément indisponibles/);
      expect(waited, mode).toBeLessThanOrEqual(1500);
      if (mode === "timeout") expect(waited, mode).toBe(1500); // each attempt cut at 750 ms, the last one at the deadline
      expect(getHubSpotCallMetrics().total.attempts, mode).toBeGreaterThan(1); // it did retry
    }
    configureHubSpotCall({});
    await stack.control("/faults", { mode: "none" });
    expect((await getCustomer(contactId)).id).toBe(contactId);
  });
});
