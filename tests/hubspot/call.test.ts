import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { configureHubSpotForTests, getHubSpotClient, resetHubSpotClientForTests } from "@/lib/hubspot/client";
import { configureHubSpotCallForTests, getHubSpotCallMetrics, hubspotCall, resetHubSpotCallMetrics } from "@/lib/hubspot/call";
import { isAppError } from "@/lib/errors";
import { hubspotError, startFakeHubSpot, type FakeHubSpot } from "./support/fake-hubspot";
import { virtualClock as baseVirtualClock } from "./support/virtual-clock";

const contact = { id: "101", properties: { firstname: "Léa" }, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", archived: false };
const getContact = () => hubspotCall("general", "contacts.get", () => getHubSpotClient().crm.objects.basicApi.getById("contacts", "101", ["firstname"]));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return isAppError(e) ? e.code : `raw:${String(e)}`;
  }
}

describe("hubspotCall: retries with a bounded wait", () => {
  let fake: FakeHubSpot;
  let budgetCalls = 0;

  /** Virtual milliseconds: an attempt's timeout passes only once the fake HubSpot hangs. */
  const virtualClock = () => baseVirtualClock({ held: () => fake.hung, whenHeld: (count) => fake.whenHung(count) });
  beforeAll(async () => {
    fake = await startFakeHubSpot();
    configureHubSpotForTests({ basePath: fake.url, token: "test-token" });
  });
  afterAll(async () => {
    resetHubSpotClientForTests();
    configureHubSpotCallForTests({});
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
    budgetCalls = 0;
    resetHubSpotCallMetrics();
    configureHubSpotCallForTests({
      maxWaitMs: 1200,
      attemptTimeoutMs: 400,
      baseDelayMs: 20,
      maxDelayMs: 100,
      acquire: async () => {
        budgetCalls++;
      },
    });
  });

  it("makes a single SDK attempt per call (the SDK's own retries are off)", async () => {
    fake.script([hubspotError(500), { status: 200, body: contact }]);
    configureHubSpotCallForTests({ maxWaitMs: 1200, acquire: async () => {}, baseDelayMs: 1, maxDelayMs: 1 });
    const sdkOnly = await codeOf(getHubSpotClient().crm.objects.basicApi.getById("contacts", "101"));
    expect(sdkOnly).not.toBe("resolved");
    expect(fake.requests).toHaveLength(1);
  });

  it("retries 503 and 429 (ten-secondly) then succeeds, sending the bearer token", async () => {
    fake.script([hubspotError(503), hubspotError(429, { policyName: "TEN_SECONDLY_ROLLING" }), { status: 200, body: contact }]);
    const result = await getContact();
    expect(result.id).toBe("101");
    expect(fake.requests).toHaveLength(3);
    expect(budgetCalls).toBe(3); // every attempt takes a budget slot
    expect(getHubSpotCallMetrics().byOperation["contacts.get"]).toEqual({ attempts: 3, successes: 1, failures: 0, retries: 2 });
  });

  it("gives up within the maximum wait on a persistent 429 storm, with a French message", async () => {
    const clock = virtualClock();
    configureHubSpotCallForTests({ maxWaitMs: 1200, attemptTimeoutMs: 400, baseDelayMs: 20, maxDelayMs: 100, random: () => 0.999, now: clock.now, sleep: clock.sleep, acquire: async () => {} });
    fake.script([hubspotError(429, { policyName: "TEN_SECONDLY_ROLLING" })]);
    const error = await getContact().catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(isAppError(error) && error.userMessage).toMatch(/indisponibles/);
    // Backoff 0.999 × min(100, 20 × 2^retry); it stops before a pause would cross the 1200 ms.
    expect(clock.pauses).toEqual([19, 39, 79, ...Array<number>(10).fill(99)]);
    expect(clock.now()).toBe(1127);
    expect(clock.now() + 99).toBeGreaterThanOrEqual(1200);
    expect(fake.requests).toHaveLength(clock.pauses.length + 1);
  });

  it("does not let a hung HubSpot hold the caller past the maximum wait", async () => {
    const clock = virtualClock();
    configureHubSpotCallForTests({ maxWaitMs: 1200, attemptTimeoutMs: 400, baseDelayMs: 20, maxDelayMs: 100, random: () => 0.999, now: clock.now, sleep: clock.sleep, acquire: async () => {} });
    fake.script(["hang"]);
    expect(await codeOf(getContact())).toBe("UPSTREAM_UNAVAILABLE");
    // 400 (timeout) + 19 + 400 + 39 + the 342 ms left: the last attempt is cut at the deadline.
    expect(clock.now()).toBe(1200);
    expect(fake.requests).toHaveLength(3); // per-attempt timeout left room for retries
  });

  it("on its default clock (timers and Date), cuts each hung attempt and gives up at the maximum wait", async () => {
    // The production sleeper and clock, driven by fake timers: no real millisecond is waited for.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      configureHubSpotCallForTests({ maxWaitMs: 1200, attemptTimeoutMs: 400, baseDelayMs: 20, maxDelayMs: 100, random: () => 0.999, acquire: async () => {} });
      fake.script(["hang"]);
      const hungBefore = fake.hung;
      const start = Date.now();
      let outcome: string | undefined;
      void codeOf(getContact()).then((code) => (outcome = code));
      while (outcome === undefined) {
        await new Promise((r) => setImmediate(r)); // the request's real I/O
        await vi.advanceTimersToNextTimerAsync();
      }
      expect(outcome).toBe("UPSTREAM_UNAVAILABLE");
      // 400 (timeout) + 19 + 400 + 39 + the 342 ms left: the last attempt is cut at the deadline.
      expect(Date.now() - start).toBe(1200);
      await fake.whenHung(hungBefore + 3);
      expect(fake.requests).toHaveLength(3);
      expect(vi.getTimerCount()).toBe(0); // every attempt's timer fired

      // A hang, then an answer: the answered attempt's timer is cleared, nothing is left waiting.
      fake.requests.length = 0;
      fake.script(["hang", { status: 200, body: contact }]);
      const again = Date.now();
      let result: string | undefined;
      void codeOf(getContact()).then((code) => (result = code));
      await fake.whenHung(hungBefore + 4);
      await vi.advanceTimersByTimeAsync(400 + 19); // the first attempt's timeout, then the pause
      while (result === undefined) await new Promise((r) => setImmediate(r)); // the answer's real I/O
      expect(result).toBe("resolved");
      expect(Date.now() - again).toBe(419);
      expect(fake.requests).toHaveLength(2);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("retries after a hang once HubSpot answers again", async () => {
    const clock = virtualClock();
    configureHubSpotCallForTests({ maxWaitMs: 1200, attemptTimeoutMs: 400, baseDelayMs: 20, maxDelayMs: 100, now: clock.now, sleep: clock.sleep, acquire: async () => {} });
    fake.script(["hang", { status: 200, body: contact }]);
    expect((await getContact()).id).toBe("101");
    expect(fake.requests).toHaveLength(2);
    expect(clock.now()).toBeGreaterThanOrEqual(400); // the first attempt's timeout passed
  });

  it("retries a connection reset", async () => {
    fake.script(["reset", { status: 200, body: contact }]);
    expect((await getContact()).id).toBe("101");
    expect(fake.requests).toHaveLength(2);
  });

  it("does not retry a 404 and reports NOT_FOUND", async () => {
    fake.script([hubspotError(404, { category: "OBJECT_NOT_FOUND" })]);
    expect(await codeOf(getContact())).toBe("NOT_FOUND");
    expect(fake.requests).toHaveLength(1);
  });

  it("does not retry other 4xx nor a daily-limit 429", async () => {
    fake.script([hubspotError(400, { category: "VALIDATION_ERROR" })]);
    expect(await codeOf(getContact())).toBe("VALIDATION");
    fake.script([hubspotError(429, { policyName: "DAILY" })]);
    expect(await codeOf(getContact())).toBe("UPSTREAM_UNAVAILABLE");
    fake.script([hubspotError(401)]);
    expect(await codeOf(getContact())).toBe("UPSTREAM_UNAVAILABLE");
    expect(fake.requests).toHaveLength(3);
  });

  it("fails without calling HubSpot when the budget cannot be had in time", async () => {
    const { AppError } = await import("@/lib/errors");
    configureHubSpotCallForTests({
      maxWaitMs: 500,
      acquire: async () => {
        throw new AppError("UPSTREAM_UNAVAILABLE", "budget exhausted");
      },
    });
    expect(await codeOf(getContact())).toBe("UPSTREAM_UNAVAILABLE");
    expect(fake.requests).toHaveLength(0);
  });

  it("queues for the first budget slot up to budgetWaitMs, then still makes one full attempt", async () => {
    const deadlines: number[] = [];
    const clock = virtualClock();
    configureHubSpotCallForTests({
      maxWaitMs: 300,
      budgetWaitMs: 2000,
      attemptTimeoutMs: 400,
      baseDelayMs: 50,
      maxDelayMs: 50,
      random: () => 0.999,
      now: clock.now,
      sleep: clock.sleep,
      // The shared budget is saturated: the first slot comes after 600 ms, longer than maxWaitMs.
      acquire: async (_kind, deadline) => {
        deadlines.push(deadline);
        if (deadlines.length === 1) clock.advance(600);
      },
    });
    fake.script([{ status: 200, body: contact }]);
    const start = clock.now();
    expect((await getContact()).id).toBe("101");
    expect(deadlines[0]! - start).toBe(2000);
    expect(fake.requests).toHaveLength(1);

    // After the long queue a failing HubSpot gets no further retries beyond one attempt's time.
    deadlines.length = 0;
    fake.requests.length = 0;
    clock.pauses.length = 0;
    fake.script([hubspotError(503), hubspotError(503), hubspotError(503), hubspotError(503), hubspotError(503), hubspotError(503)]);
    const failing = clock.now();
    expect(await codeOf(getContact())).toBe("UPSTREAM_UNAVAILABLE");
    // 600 ms in the queue, then retries (49 ms apart) only within one attempt's 400 ms.
    expect(clock.now() - failing).toBeLessThan(600 + 400);
    expect(clock.now() - failing + 49).toBeGreaterThanOrEqual(600 + 400);
    expect(fake.requests).toHaveLength(9);
    expect(deadlines.slice(1).every((d) => d === failing + 600 + 400)).toBe(true);
    // A budget that never frees within budgetWaitMs still fails with the French "unavailable".
    const { AppError } = await import("@/lib/errors");
    configureHubSpotCallForTests({
      maxWaitMs: 300,
      budgetWaitMs: 800,
      acquire: async (_kind, deadline) => {
        throw new AppError("UPSTREAM_UNAVAILABLE", `budget exhausted before ${deadline}`);
      },
    });
    expect(await codeOf(getContact())).toBe("UPSTREAM_UNAVAILABLE");
  });

  it("uses full jitter: backoff is random in [0, base × 2^retry]", async () => {
    const pauses = async (random: number, maxDelayMs = 1000) => {
      const clock = virtualClock();
      fake.script([hubspotError(503), hubspotError(503), hubspotError(503), { status: 200, body: contact }]);
      configureHubSpotCallForTests({ maxWaitMs: 5000, attemptTimeoutMs: 1000, baseDelayMs: 40, maxDelayMs, random: () => random, now: clock.now, sleep: clock.sleep, acquire: async () => {} });
      expect((await getContact()).id).toBe("101");
      return clock.pauses;
    };
    // 0.999 × (40, 80, 160) at the top of the range, 0 at the bottom, capped at maxDelayMs
    expect(await pauses(0.999)).toEqual([39, 79, 159]);
    expect(await pauses(0.5)).toEqual([20, 40, 80]);
    expect(await pauses(0)).toEqual([0, 0, 0]);
    expect(await pauses(0.999, 100)).toEqual([39, 79, 99]);
  });
});
