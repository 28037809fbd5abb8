import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { cached, clearHubSpotCache, invalidateTags } from "@/lib/hubspot/cache";
import { setDbForTests } from "@/lib/db/current";
import { CACHE_CHANNEL, currentEpoch, getMemoryCacheStats, useMemoryCacheForTests } from "@/lib/hubspot/memory-cache";
import { openTestDb } from "../support/db";
import { counter, databaseUrl, waitFor } from "../support/memory-layer";
import { secondHandle } from "../hubspot/support/second-handle";

/**
 * The process's memory copy of the shared HubSpot cache (lib/hubspot/memory-cache.ts): a repeated
 * read does not reach the database, and every invalidation (this process's, or another instance's
 * through LISTEN/NOTIFY on a PostgreSQL server) drops the copy at once.
 */



describe("memory layer of the HubSpot cache", () => {
  let handle: DbHandle;
  let url: string | undefined;
  beforeAll(async () => {
    handle = await openTestDb();
    url = await databaseUrl(handle);
    setDbForTests(handle.db);
    await useMemoryCacheForTests(handle.db, url);
  });
  afterAll(async () => {
    await useMemoryCacheForTests(undefined);
    setDbForTests(undefined);
    await handle.close();
  });
  beforeEach(async () => {
    const epoch = currentEpoch();
    await clearHubSpotCache();
    // On PostgreSQL the clear also comes back through LISTEN ("*"): wait for it, or it could empty the
    // memory copy in the middle of the next test.
    if (url) expect(await waitFor(() => currentEpoch() >= epoch + 2)).toBe(true);
  });

  it("a repeated read is answered from memory: the shared row is not read again", async () => {
    const load = counter(() => ({ id: "1", name: "Dupont" }));
    const opts = { key: "m1", tags: ["contact:1"], ttlSeconds: 60 };
    expect(await cached(opts, load)).toEqual({ id: "1", name: "Dupont" });
    // Deleting the shared row behind the cache's back (no invalidation): only memory can answer.
    await handle.db.execute(sql`delete from hubspot_cache where key = 'm1'`);
    const hits = getMemoryCacheStats().hits;
    expect(await cached(opts, load)).toEqual({ id: "1", name: "Dupont" });
    expect(load.calls).toBe(1);
    expect(getMemoryCacheStats().hits).toBe(hits + 1);
  });

  it("a row read from the shared table is kept too (another instance loaded it)", async () => {
    await handle.db.execute(
      sql`insert into hubspot_cache (key, value, tags, expires_at) values ('m2', '{"v":{"n":2}}'::jsonb, ARRAY['ticket:2']::text[], now() + interval '1 minute')`,
    );
    const load = counter(() => ({ n: 0 }));
    expect(await cached({ key: "m2", tags: ["ticket:2"], ttlSeconds: 60 }, load)).toEqual({ n: 2 });
    await handle.db.execute(sql`delete from hubspot_cache where key = 'm2'`);
    expect(await cached({ key: "m2", tags: ["ticket:2"], ttlSeconds: 60 }, load)).toEqual({ n: 2 });
    expect(load.calls).toBe(0);
    // …and invalidating its tags (read from the row) drops the memory copy.
    await invalidateTags(["ticket:2"]);
    expect(await cached({ key: "m2", tags: ["ticket:2"], ttlSeconds: 60 }, load)).toEqual({ n: 0 });
    expect(load.calls).toBe(1);
  });

  it("invalidating a tag drops the memory copy at once; other tags stay", async () => {
    let version = 1;
    const load = counter(() => ({ version }));
    const other = counter(() => "autre");
    await cached({ key: "m3", tags: ["contact:3"], ttlSeconds: 60 }, load);
    await cached({ key: "m3-other", tags: ["contact:4"], ttlSeconds: 60 }, other);
    version = 2;
    await invalidateTags(["contact:3"]);
    expect(await cached({ key: "m3", tags: ["contact:3"], ttlSeconds: 60 }, load)).toEqual({ version: 2 });
    expect(await cached({ key: "m3-other", tags: ["contact:4"], ttlSeconds: 60 }, other)).toBe("autre");
    expect(load.calls).toBe(2);
    expect(other.calls).toBe(1);
  });

  it("a load overtaken by an invalidation is not kept in memory", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let version = 1;
    let started!: () => void;
    const loading = new Promise<void>((r) => (started = r));
    const slow = async () => {
      const seen = version;
      started();
      await gate;
      return { version: seen };
    };
    const pending = cached({ key: "m4", tags: ["contact:5"], ttlSeconds: 60 }, slow);
    await loading; // the load has read version 1 and is under way
    version = 2;
    await invalidateTags(["contact:5"]);
    release();
    expect(await pending).toEqual({ version: 1 });
    const fresh = counter(() => ({ version }));
    expect(await cached({ key: "m4", tags: ["contact:5"], ttlSeconds: 60 }, fresh)).toEqual({ version: 2 });
    expect(fresh.calls).toBe(1);
  });

  it("every value is deeply frozen on every path (miss, memory hit): nobody can change what others read", async () => {
    const load = counter(() => ({ items: [3, 1, 2], nested: { name: "a" } }));
    const first = await cached({ key: "m5", tags: [], ttlSeconds: 60 }, load);
    expect(() => first.items.sort()).toThrow(TypeError);
    expect(() => first.items.push(9)).toThrow(TypeError);
    const second = await cached({ key: "m5", tags: [], ttlSeconds: 60 }, load);
    expect(second).toEqual({ items: [3, 1, 2], nested: { name: "a" } });
    expect(Object.isFrozen(second.nested)).toBe(true);
    expect(() => {
      second.items.length = 0;
    }).toThrow(TypeError);
    // A later hit is the same parsed object (no parse per hit), still intact.
    const third = await cached({ key: "m5", tags: [], ttlSeconds: 60 }, load);
    expect(third).toBe(second);
    expect(third).toEqual({ items: [3, 1, 2], nested: { name: "a" } });
    expect(load.calls).toBe(1);
  });

  it("an entry never outlives the shared row's expiry", async () => {
    const load = counter(() => "v");
    await cached({ key: "m6", tags: [], ttlSeconds: 1 }, load);
    await new Promise((r) => setTimeout(r, 1_100));
    await cached({ key: "m6", tags: [], ttlSeconds: 1 }, load);
    expect(load.calls).toBe(2);
  });

  it("a hit near the end of an entry's life is answered at once and reads the entry again in the background", async () => {
    const load = counter(() => ({ n: 1 }));
    const opts = { key: "m8", tags: ["ticket:8"], ttlSeconds: 600 };
    const start = Date.now();
    await cached(opts, load);
    // The shared row changes behind the cache's back (only to see which copy each read gets).
    await handle.db.execute(sql`update hubspot_cache set value = '{"v":{"n":2}}'::jsonb where key = 'm8'`);
    const now = vi.spyOn(Date, "now");
    try {
      now.mockReturnValue(start + 30_000); // entries live 48–60 s: not in their last quarter yet
      expect(await cached(opts, load)).toEqual({ n: 1 });
      now.mockReturnValue(start + 46_000); // in its last quarter, not expired
      expect(await cached(opts, load)).toEqual({ n: 1 }); // at once, from memory
      // The background read of the shared row lands (waited for, not guessed): the same memory hit
      // then answers the new copy, still without asking HubSpot.
      while ((await cached<{ n: number }>(opts, load)).n !== 2) await new Promise((r) => setTimeout(r, 10));
      now.mockReturnValue(start + 46_000 + 30_000); // past the first entry's end, inside the new one's
      const hits = getMemoryCacheStats().hits;
      expect(await cached(opts, load)).toEqual({ n: 2 });
      expect(getMemoryCacheStats().hits).toBe(hits + 1);
      expect(load.calls).toBe(1); // the shared row was still valid: HubSpot was not asked
    } finally {
      now.mockRestore();
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)("another instance's invalidation (NOTIFY on commit) drops this instance's copy", async () => {
    const other = await secondHandle(handle);
    try {
      let version = 1;
      const load = counter(() => ({ version }));
      await cached({ key: "m7", tags: ["ticket:7"], ttlSeconds: 60 }, load);
      version = 2;
      // Instance B invalidates through its own pool: this process only hears it through LISTEN.
      await invalidateTags(["unrelated:0"]); // keeps the local path honest: unrelated tags drop nothing
      await other.handle.db.transaction(async (tx) => {
        await tx.execute(sql`delete from hubspot_cache where tags && ARRAY['ticket:7']::text[]`);
        await tx.execute(sql`select pg_notify(${CACHE_CHANNEL}, ${JSON.stringify(["ticket:7"])})`);
      });
      expect(await waitFor(() => getMemoryCacheStats().entries === 0)).toBe(true);
      expect(await cached({ key: "m7", tags: ["ticket:7"], ttlSeconds: 60 }, load)).toEqual({ version: 2 });
      expect(load.calls).toBe(2);
    } finally {
      await other.handle.close();
    }
  });
});

describe("memory layer off", () => {
  it("a test database without useMemoryCacheForTests reads the shared table every time", async () => {
    const handle = await openTestDb();
    try {
      setDbForTests(handle.db);
      const load = counter(() => "x");
      await cached({ key: "off", tags: [], ttlSeconds: 60 }, load);
      await handle.db.execute(sql`delete from hubspot_cache where key = 'off'`);
      await cached({ key: "off", tags: [], ttlSeconds: 60 }, load);
      expect(load.calls).toBe(2);
    } finally {
      setDbForTests(undefined);
      await handle.close();
    }
  });
});
