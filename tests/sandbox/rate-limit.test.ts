import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkError, startSandbox, UUID, type TestSandbox } from "./fixtures";
import { RateLimiter } from "@/sandbox/rate-limit";

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox({ rateLimits: { enabled: true, per10s: 190, searchPerSecond: 5, daily: 625_000 } });
});
afterAll(async () => {
  await t.sandbox.close();
});

describe("HubSpot rate limits", () => {
  it("a 200-request burst gets exactly 190 successes and 10 TEN_SECONDLY_ROLLING 429s", async () => {
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => t.client.crm.contacts.basicApi.getById("10001")));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as { code: number; body: any; headers: Record<string, string> });
    expect(ok).toHaveLength(190);
    expect(refused).toHaveLength(10);
    for (const e of refused) {
      expect(e.code).toBe(429);
      const body = typeof e.body === "string" ? JSON.parse(e.body) : e.body;
      expect(body).toMatchObject({
        status: "error",
        message: "You have reached your ten_secondly_rolling limit.",
        errorType: "RATE_LIMIT",
        policyName: "TEN_SECONDLY_ROLLING",
      });
      expect(body.correlationId).toMatch(UUID);
      expect(e.headers["x-hubspot-ratelimit-max"]).toBe("190");
      expect(e.headers["x-hubspot-ratelimit-remaining"]).toBe("0");
      expect(e.headers["x-hubspot-ratelimit-interval-milliseconds"]).toBe("10000");
    }
    // Control endpoints are outside HubSpot's limits; lift the limit for the next test.
    await t.control("rate-limits", { per10s: 100_000, resetCounters: true });
  });

  it("sends X-HubSpot-RateLimit-* headers on normal responses and none on search; search has its own 5/s", async () => {
    const normal = await t.raw("GET", "/crm/v3/objects/contacts/10001");
    expect(normal.headers.get("x-hubspot-ratelimit-max")).toBe("100000");
    expect(Number(normal.headers.get("x-hubspot-ratelimit-remaining"))).toBe(99_999);
    expect(normal.headers.get("x-hubspot-ratelimit-daily")).toBe("625000");
    expect(normal.headers.get("x-hubspot-ratelimit-daily-remaining")).not.toBeNull();

    const search = () => t.raw("POST", "/crm/v3/objects/contacts/search", { body: JSON.stringify({ limit: 1 }) });
    const responses = await Promise.all(Array.from({ length: 6 }, search));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.body).toMatchObject({ status: "error", message: "You have reached your secondly limit.", policyName: "SECONDLY" });
    for (const r of responses) expect(r.headers.get("x-hubspot-ratelimit-max")).toBeNull();
    // The SDK recognises the search 429 by its message.
    const e = await sdkError(t.client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 1, after: "0" }));
    expect(e.code).toBe(429);
  });

  it("can be switched off at runtime", async () => {
    await t.control("rate-limits", { enabled: false });
    const responses = await Promise.all(Array.from({ length: 12 }, () => t.raw("POST", "/crm/v3/objects/contacts/search", { body: "{}" })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });
});

describe("RateLimiter window", () => {
  it("rolls: requests older than 10 s no longer count", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ per10s: 3 }, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.admit("tok", false).error).toBeUndefined();
    expect(limiter.admit("tok", false).error?.status).toBe(429);
    now += 9_999;
    expect(limiter.admit("tok", false).error?.status).toBe(429);
    now += 1;
    expect(limiter.admit("tok", false).error).toBeUndefined();
  });
  it("enforces the daily limit with policy DAILY", () => {
    const limiter = new RateLimiter({ daily: 2 }, () => 5_000_000);
    limiter.admit("a", false);
    limiter.admit("a", true);
    const refused = limiter.admit("a", false).error!;
    expect(refused.status).toBe(429);
    expect(refused.body("x")).toMatchObject({ policyName: "DAILY" });
  });
});
