import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { STALE_KEEP_DAYS, cached, clearHubSpotCache, invalidateTags, pruneHubSpotCache } from "@/lib/hubspot/cache";
import { openTestDb } from "../support/db";
import { secondHandle } from "../hubspot/support/second-handle";
import { q } from "../hubspot/support/query";

function counter<T>(value: T) {
  const loader = async () => {
    loader.calls++;
    return value;
  };
  loader.calls = 0;
  return loader;
}

describe("shared HubSpot read cache", () => {
  let handle: DbHandle;
  let other: { handle: DbHandle; separate: boolean };
  beforeAll(async () => {
    handle = await openTestDb();
    other = await secondHandle(handle);
  });
  afterAll(async () => {
    await other.handle.close();
    await handle.close();
  });
  beforeEach(async () => {
    await clearHubSpotCache(handle.db);
  });

  it("loads once, then serves from the cache (also to another instance)", async () => {
    const load = counter({ id: "1", name: "Dupont" });
    const a = await cached({ key: "k1", tags: ["contact:1"], ttlSeconds: 60, db: handle.db }, load);
    const b = await cached({ key: "k1", tags: ["contact:1"], ttlSeconds: 60, db: other.handle.db }, load);
    expect(a).toEqual({ id: "1", name: "Dupont" });
    expect(b).toEqual(a);
    expect(load.calls).toBe(1);
    // Frozen on the loader's path and on the table's path alike (shared with concurrent callers).
    expect(Object.isFrozen(a) && Object.isFrozen(b)).toBe(true);
  });

  it("caches null and empty values (a miss is not the same as null)", async () => {
    const load = counter(null);
    await cached({ key: "k-null", tags: [], ttlSeconds: 60, db: handle.db }, load);
    expect(await cached({ key: "k-null", tags: [], ttlSeconds: 60, db: handle.db }, load)).toBeNull();
    expect(load.calls).toBe(1);
  });

  it("reloads after expiry", async () => {
    const load = counter(1);
    await cached({ key: "k-exp", tags: [], ttlSeconds: 60, db: handle.db }, load);
    await handle.db.execute(sql`update hubspot_cache set expires_at = now() - interval '1 second' where key = 'k-exp'`);
    await cached({ key: "k-exp", tags: [], ttlSeconds: 60, db: handle.db }, load);
    expect(load.calls).toBe(2);
  });

  it("invalidates by tag, from any instance, and only what carries the tag", async () => {
    const list = counter(["t1", "t2"]);
    const unrelated = counter("x");
    const opts = { key: "list", tags: (ids: string[]) => ["contact:1:tickets", ...ids.map((i) => `ticket:${i}`)], ttlSeconds: 60, db: handle.db };
    await cached(opts, list);
    await cached({ key: "other", tags: ["ticket:9"], ttlSeconds: 60, db: handle.db }, unrelated);
    await invalidateTags(["ticket:t2"], other.handle.db);
    await cached(opts, list);
    await cached({ key: "other", tags: ["ticket:9"], ttlSeconds: 60, db: handle.db }, unrelated);
    expect(list.calls).toBe(2);
    expect(unrelated.calls).toBe(1);
  });

  it("makes concurrent misses for one key share one load (single-flight)", async () => {
    let calls = 0;
    const slow = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 50));
      return "v";
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => cached({ key: "sf", tags: [], ttlSeconds: 60, db: handle.db }, slow)));
    expect(results).toEqual(Array(10).fill("v"));
    expect(calls).toBe(1);
  });

  it("reads the keys a page asks for together in one query, each with its own hit or miss", async () => {
    await cached({ key: "b1", tags: [], ttlSeconds: 60, db: handle.db }, counter("one"));
    await cached({ key: "b3", tags: [], ttlSeconds: 60, db: handle.db }, counter(null));
    // Count the statements sent while five sections read at once (three hits, two misses).
    let statements = 0;
    const counting = new Proxy(handle.db, {
      get(target, prop, receiver) {
        if (prop === "execute") {
          return (...args: unknown[]) => {
            statements++;
            return (target.execute as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    });
    const miss = counter("loaded");
    // No occasional housekeeping (1 % of stores) in the count.
    const random = vi.spyOn(Math, "random").mockReturnValue(0.5);
    const reads = await Promise.all([
      cached({ key: "b1", tags: [], ttlSeconds: 60, db: counting }, counter("never")),
      cached({ key: "b2", tags: ["t:2"], ttlSeconds: 60, db: counting }, miss),
      cached({ key: "b3", tags: [], ttlSeconds: 60, db: counting }, counter("never")),
      cached({ key: "b4", tags: ["t:4"], ttlSeconds: 60, db: counting }, miss),
      cached({ key: "b1", tags: [], ttlSeconds: 60, db: counting }, counter("never")),
    ]);
    random.mockRestore();
    expect(reads).toEqual(["one", "loaded", null, "loaded", "one"]);
    expect(miss.calls).toBe(2);
    // 1 batched read + 2 writes (one per miss), instead of 4 reads + 2 writes.
    expect(statements).toBe(3);
    expect(await cached({ key: "b2", tags: [], ttlSeconds: 60, db: handle.db }, counter("never"))).toBe("loaded");
  });

  it("does not store a result whose load started before an invalidation of its tags", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const loading = new Promise<void>((r) => (started = r));
    let calls = 0;
    const load = async () => {
      calls++;
      if (calls === 1) {
        started();
        await gate; // the first load is slow: a webhook arrives meanwhile
      }
      return calls === 1 ? "stale" : "fresh";
    };
    const opts = { key: "race", tags: ["ticket:5"], ttlSeconds: 60, db: handle.db };
    const first = cached(opts, load);
    await loading; // the first load is under way
    await invalidateTags(["ticket:5"], handle.db);
    release();
    expect(await first).toBe("stale"); // its own caller gets what it read
    expect(await cached(opts, load)).toBe("fresh"); // but nobody else does
    expect(calls).toBe(2);
  });

  it("prunes entries expired for longer than they are kept for an outage, and old invalidation marks", async () => {
    await cached({ key: "old", tags: ["a"], ttlSeconds: 60, db: handle.db }, async () => 1);
    await cached({ key: "recent", tags: ["a"], ttlSeconds: 60, db: handle.db }, async () => 2);
    await handle.db.execute(sql`update hubspot_cache set expires_at = now() - make_interval(days => ${STALE_KEEP_DAYS}, mins => 1) where key = 'old'`);
    await handle.db.execute(sql`update hubspot_cache set expires_at = now() - interval '1 minute' where key = 'recent'`);
    await invalidateTags(["b"], handle.db);
    await handle.db.execute(sql`update hubspot_cache_invalidations set invalidated_at = now() - interval '2 hours'`);
    await pruneHubSpotCache(handle.db);
    // Expired a minute ago: still the last known value should HubSpot fail.
    expect((await q<{ key: string }>(handle.db, sql`select key from hubspot_cache`)).map((r) => r.key)).toEqual(["recent"]);
    expect((await q(handle.db, sql`select * from hubspot_cache_invalidations`))).toHaveLength(0);
  });
});
