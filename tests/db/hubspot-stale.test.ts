import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { createBreaker } from "@/lib/hubspot/breaker";
import { cached, clearHubSpotCache, forgetTags, invalidateTags } from "@/lib/hubspot/cache";
import { HubSpotHttpError, configureHubSpotCallForTests, hubspotBreakerState, hubspotCall, resetHubSpotBreaker } from "@/lib/hubspot/call";
import { withStaleness } from "@/lib/hubspot/staleness";
import { openTestDb } from "../support/db";
import { q } from "../hubspot/support/query";
import { virtualClock, type VirtualClock } from "../hubspot/support/virtual-clock";

/**
 * Pages during a HubSpot outage (issue 18, point 12): an invalidated entry is kept to answer while
 * HubSpot fails, with its age; a read after an invalidation still goes to HubSpot first; once
 * HubSpot is known down a read with nothing to answer fails at once. Time is a virtual clock
 * (hubspotCall's `now`/`sleep`): nothing here depends on the machine's speed.
 */
describe("stale-if-error and the 'HubSpot known down' breaker", () => {
  let handle: DbHandle;
  let clock: VirtualClock;
  /** Requests the fake upstream received; `down` makes every one of them answer 503. */
  let upstream: { requests: number; down: boolean };

  const opts = (key: string, tags = ["contact:1"]) => ({ key, tags, ttlSeconds: 60, db: handle.db });
  /** A loader as queries.ts writes them: through hubspotCall, here against a fake upstream. */
  const load = <T,>(value: T) => () =>
    hubspotCall("general", "fake.get", async () => {
      upstream.requests++;
      if (upstream.down) throw new HubSpotHttpError(503, { message: "down" });
      return value;
    });
  async function failure(p: Promise<unknown>): Promise<string> {
    try {
      await p;
      return "resolved";
    } catch (e) {
      return isAppError(e) ? e.code : `raw:${String(e)}`;
    }
  }

  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    configureHubSpotCallForTests({});
    resetHubSpotBreaker();
    await handle.close();
  });
  beforeEach(async () => {
    await clearHubSpotCache(handle.db);
    clock = virtualClock();
    upstream = { requests: 0, down: false };
    resetHubSpotBreaker();
    configureHubSpotCallForTests({
      maxWaitMs: 4000,
      attemptTimeoutMs: 2000,
      baseDelayMs: 200,
      maxDelayMs: 2000,
      random: () => 0.999,
      now: clock.now,
      sleep: clock.sleep,
      acquire: async () => {},
      breakerThreshold: 3,
      breakerCooldownMs: 5000,
    });
  });

  it("an invalidated entry answers its last value, with when it was fetched, while HubSpot fails", async () => {
    await cached(opts("contact:1"), load({ name: "Dupont" }));
    await handle.db.execute(sql`update hubspot_cache set created_at = '2026-12-07T13:05:00Z' where key = 'contact:1'`);
    await invalidateTags(["contact:1"], handle.db); // a webhook
    upstream.down = true;
    const read = await withStaleness(() => cached(opts("contact:1"), load({ name: "never" })));
    expect(read).toEqual({ value: { name: "Dupont" }, staleSince: "2026-12-07T13:05:00.000Z" });
    expect(upstream.requests).toBeGreaterThan(1); // HubSpot was asked (and retried) first
  });

  it("after an invalidation, a read HubSpot answers is fresh (the old value is not served)", async () => {
    await cached(opts("contact:1"), load({ name: "Dupont" }));
    await invalidateTags(["contact:1"], handle.db);
    const read = await withStaleness(() => cached(opts("contact:1"), load({ name: "Durand" })));
    expect(read).toEqual({ value: { name: "Durand" }, staleSince: null });
    expect(upstream.requests).toBe(2);
  });

  it("each section learns only its own reads' age; callers sharing one read each learn it", async () => {
    await cached(opts("a"), load("A"));
    await cached(opts("b", ["contact:2"]), load("B"));
    await invalidateTags(["contact:1"], handle.db);
    upstream.down = true;
    const [a1, a2, b] = await Promise.all([
      withStaleness(() => cached(opts("a"), load("x"))),
      withStaleness(() => cached(opts("a"), load("x"))),
      withStaleness(() => cached(opts("b", ["contact:2"]), load("x"))),
    ]);
    expect([a1.value, a2.value, b.value]).toEqual(["A", "A", "B"]);
    expect(a1.staleSince).not.toBeNull();
    expect(a2.staleSince).toBe(a1.staleSince);
    expect(b.staleSince).toBeNull(); // not invalidated: a plain hit
  });

  it("an erased customer's entries are deleted (forgetTags): nothing is answered for them", async () => {
    await cached(opts("contact:1"), load({ name: "Dupont" }));
    await forgetTags(["contact:1"], handle.db);
    upstream.down = true;
    expect(await failure(cached(opts("contact:1"), load({})))).toBe("UPSTREAM_UNAVAILABLE");
    expect(await q(handle.db, sql`select 1 from hubspot_cache`)).toHaveLength(0);
  });

  it("the technicians' calendar (staleIfError: false) never answers an old value", async () => {
    await cached({ ...opts("calendar", ["technicians:calendar"]), staleIfError: false }, load(["m1"]));
    await invalidateTags(["technicians:calendar"], handle.db);
    upstream.down = true;
    expect(await failure(cached({ ...opts("calendar", ["technicians:calendar"]), staleIfError: false }, load([])))).toBe("UPSTREAM_UNAVAILABLE");
  });

  it("cold and HubSpot down: after 3 failed reads, the next ones fail at once without asking HubSpot", async () => {
    upstream.down = true;
    for (const key of ["c1", "c2", "c3"]) {
      const start = clock.now();
      expect(await failure(cached(opts(key), load(1)))).toBe("UPSTREAM_UNAVAILABLE");
      expect(clock.now() - start).toBeGreaterThan(2000); // each waited through its retries
    }
    expect(hubspotBreakerState()).toBe("open");
    const requests = upstream.requests;
    const start = clock.now();
    expect(await failure(cached(opts("c4"), load(1)))).toBe("UPSTREAM_UNAVAILABLE");
    expect(clock.now() - start).toBe(0); // no retry, no backoff: at once
    expect(upstream.requests).toBe(requests); // HubSpot not asked, no budget taken
  });

  it("known down, a read with a last known value answers it at once", async () => {
    await cached(opts("known"), load("old"));
    await invalidateTags(["contact:1"], handle.db);
    upstream.down = true;
    for (const key of ["c1", "c2", "c3"]) await failure(cached(opts(key), load(1)));
    const start = clock.now();
    const read = await withStaleness(() => cached(opts("known"), load("new")));
    expect(read.value).toBe("old");
    expect(read.staleSince).not.toBeNull();
    expect(clock.now() - start).toBe(0);
  });

  it("half-opens after the cooldown: one read probes HubSpot, its answer closes the breaker", async () => {
    upstream.down = true;
    for (const key of ["c1", "c2", "c3"]) await failure(cached(opts(key), load(1)));
    clock.advance(4999);
    expect(hubspotBreakerState()).toBe("open");
    expect(await failure(cached(opts("c4"), load(1)))).toBe("UPSTREAM_UNAVAILABLE");
    clock.advance(1);
    expect(hubspotBreakerState()).toBe("half-open");
    upstream.down = false;
    const requests = upstream.requests;
    expect(await cached(opts("c4"), load("back"))).toBe("back");
    expect(upstream.requests).toBe(requests + 1);
    expect(hubspotBreakerState()).toBe("closed");
  });
});

describe("breaker (pure)", () => {
  const breaker = () => createBreaker(() => ({ threshold: 3, cooldownMs: 1000 }));

  it("opens after N failures in a row; an answer in between resets the count", () => {
    const b = breaker();
    b.failure(0);
    b.failure(0);
    b.success();
    b.failure(0);
    b.failure(0);
    expect(b.state(0)).toBe("closed");
    expect(b.allow(0)).toBe(true);
    b.failure(10);
    expect(b.state(10)).toBe("open");
    expect(b.allow(500)).toBe(false);
  });

  it("half-open lets one probe through; its failure opens it again for a cooldown, its success closes it", async () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failure(0);
    expect(b.allow(1000)).toBe(true); // the probe
    expect(b.allow(1001)).toBe(false); // the others still fail fast
    const probe = b.probe();
    expect(probe).toBeDefined();
    b.failure(1500);
    await probe; // those waiting for it learn its outcome
    expect(b.state(2499)).toBe("open");
    expect(b.allow(2500)).toBe(true);
    b.success();
    expect(b.state(2500)).toBe("closed");
    expect(b.allow(2500)).toBe(true);
  });

  it("a probe that never reports lets another through after another cooldown", () => {
    const b = breaker();
    for (let i = 0; i < 3; i++) b.failure(0);
    expect(b.allow(1000)).toBe(true);
    expect(b.allow(1999)).toBe(false);
    expect(b.allow(2000)).toBe(true);
  });
});
