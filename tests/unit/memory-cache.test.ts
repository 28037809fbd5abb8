import { describe, expect, it, vi } from "vitest";
import { createInvalidationFeed } from "@/lib/memory-cache/feed";
import { createMemoryCache, type MemoryCacheOptions } from "@/lib/memory-cache/store";

/**
 * The memory-cache primitive (lib/memory-cache), on an injected clock and random source: no test
 * here reads the wall clock or waits for time to pass. Its two users are tested on a real database
 * in tests/db/hubspot-memory-cache.test.ts and tests/db/row-memory.test.ts.
 */

const MAX_AGE = 60_000;

function cacheWith<V>(options: Partial<MemoryCacheOptions> = {}) {
  const clock = { ms: Date.UTC(2031, 0, 1), random: 0 };
  const cache = createMemoryCache<V>({
    maxAgeMs: () => MAX_AGE,
    maxEntries: 100,
    values: "frozen",
    now: () => clock.ms,
    random: () => clock.random,
    ...options,
  });
  return { cache, clock };
}

/** Lets the promises under way settle (background loads). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function counter<T>(make: () => T | Promise<T>) {
  const load = async (): Promise<T> => {
    load.calls++;
    return make();
  };
  load.calls = 0;
  return load;
}

describe("memory cache: lifetimes", () => {
  it("an entry lives 80 % to 100 % of the maximum age, chosen at random", () => {
    const { cache, clock } = cacheWith<string>();
    const start = clock.ms;
    clock.random = 0; // 80 %
    cache.set("short", "a", { epoch: cache.epoch });
    clock.random = 0.5; // 90 %
    cache.set("longer", "b", { epoch: cache.epoch });
    clock.ms = start + 48_000 - 1;
    expect(cache.get("short")?.value).toBe("a");
    clock.ms = start + 48_000;
    expect(cache.get("short")).toBeUndefined();
    clock.ms = start + 54_000 - 1;
    expect(cache.get("longer")?.value).toBe("b");
    clock.ms = start + 54_000;
    expect(cache.get("longer")).toBeUndefined();
    expect(cache.stats().entries).toBe(0);
  });

  it("never outlives its own ttl, and stores nothing when the maximum age is 0", () => {
    const { cache, clock } = cacheWith<string>();
    const start = clock.ms;
    cache.set("k", "v", { epoch: cache.epoch, ttlMs: 1_000 });
    clock.ms = start + 999;
    expect(cache.get("k")?.value).toBe("v");
    clock.ms = start + 1_000;
    expect(cache.get("k")).toBeUndefined();
    cache.set("none", "v", { epoch: cache.epoch, ttlMs: 0 });
    expect(cache.get("none")).toBeUndefined();

    const off = cacheWith<string>({ maxAgeMs: () => 0 }).cache;
    off.set("k", "v", { epoch: off.epoch });
    expect(off.get("k")).toBeUndefined();
  });

  it("a hit in the last quarter of an entry's life asks once for a new read", () => {
    const { cache, clock } = cacheWith<string>();
    const start = clock.ms;
    cache.set("k", "v", { epoch: cache.epoch }); // lives 48 s: refresh from 36 s on
    clock.ms = start + 36_000 - 1;
    expect(cache.get("k")).toEqual({ value: "v", refresh: false });
    clock.ms = start + 36_000;
    expect(cache.get("k")).toEqual({ value: "v", refresh: true });
    expect(cache.get("k")).toEqual({ value: "v", refresh: false });
    // Stored again: a new life, asked again in its own last quarter.
    cache.set("k", "w", { epoch: cache.epoch });
    clock.ms += 36_000;
    expect(cache.get("k")).toEqual({ value: "w", refresh: true });
  });
});

describe("memory cache: invalidation", () => {
  it("drops the entries carrying a tag, and only those", () => {
    const { cache } = cacheWith<string>();
    cache.set("a", "a", { epoch: cache.epoch, tags: ["contact:1"] });
    cache.set("b", "b", { epoch: cache.epoch, tags: ["contact:2"] });
    cache.set("c", "c", { epoch: cache.epoch, tags: ["ticket:9", "contact:1"] });
    cache.dropTags(["contact:1"]);
    expect([cache.get("a"), cache.get("b")?.value, cache.get("c")]).toEqual([undefined, "b", undefined]);
    // An entry stored again under other tags is not dropped by its old ones.
    cache.set("b", "b2", { epoch: cache.epoch, tags: ["contact:3"] });
    cache.dropTags(["contact:2"]);
    expect(cache.get("b")?.value).toBe("b2");
    cache.clear();
    expect(cache.get("b")).toBeUndefined();
  });

  it("a value read before an invalidation is not stored", () => {
    const { cache } = cacheWith<string>();
    const before = cache.epoch;
    cache.dropTags(["unrelated"]);
    cache.set("k", "stale", { epoch: before });
    expect(cache.get("k")).toBeUndefined();
    const again = cache.epoch;
    cache.clear();
    cache.set("k", "stale", { epoch: again });
    expect(cache.get("k")).toBeUndefined();
    cache.set("k", "fresh", { epoch: cache.epoch });
    expect(cache.get("k")?.value).toBe("fresh");
  });
});

describe("memory cache: bounds", () => {
  it("keeps at most maxEntries, least recently used out first", () => {
    const { cache } = cacheWith<string>({ maxEntries: 2 });
    cache.set("a", "a", { epoch: cache.epoch });
    cache.set("b", "b", { epoch: cache.epoch });
    cache.get("a"); // b is now the least recently used
    cache.set("c", "c", { epoch: cache.epoch });
    expect([cache.get("a")?.value, cache.get("b"), cache.get("c")?.value]).toEqual(["a", undefined, "c"]);
  });

  it("keeps at most maxSize in total, and no single entry above a tenth of it", () => {
    const { cache } = cacheWith<string>({ maxSize: 1_000 });
    cache.set("too-big", "x", { epoch: cache.epoch, size: 101 });
    expect(cache.get("too-big")).toBeUndefined();
    for (let i = 0; i < 11; i++) cache.set(`k${i}`, "x", { epoch: cache.epoch, size: 100 });
    expect(cache.stats()).toMatchObject({ entries: 10, size: 1_000 });
    expect(cache.get("k0")).toBeUndefined();
    expect(cache.get("k10")?.value).toBe("x");
  });
});

describe("memory cache: values", () => {
  it("frozen: every hit is the same deeply frozen object, built on the first hit only", () => {
    const { cache } = cacheWith<{ items: number[] }>();
    const build = vi.fn(() => JSON.parse('{"items":[3,1,2]}') as { items: number[] });
    cache.setLazy("never-hit", build, { epoch: cache.epoch });
    cache.setLazy("k", build, { epoch: cache.epoch });
    expect(build).not.toHaveBeenCalled();
    const first = cache.get("k")!.value;
    const second = cache.get("k")!.value;
    expect(second).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
    expect(() => first.items.sort()).toThrow(TypeError);
    expect(first).toEqual({ items: [3, 1, 2] });

    const stored = { nested: { n: 1 } };
    cache.set("direct", stored as never, { epoch: cache.epoch });
    expect(Object.isFrozen(stored.nested)).toBe(true);
  });

  it("copied: what the caller stored or got can be changed without changing the copy", () => {
    const { cache } = cacheWith<{ n: number; at: Date }>({ values: "copied" });
    const value = { n: 1, at: new Date(Date.UTC(2031, 0, 1)) };
    cache.set("k", value, { epoch: cache.epoch });
    value.n = 2;
    const hit = cache.get("k")!.value;
    hit.n = 3;
    expect(cache.get("k")!.value).toEqual({ n: 1, at: new Date(Date.UTC(2031, 0, 1)) });
  });
});

describe("memory cache: read (get or load)", () => {
  it("loads on a miss, then answers from memory", async () => {
    const { cache } = cacheWith<string>();
    const load = counter(() => "rows");
    expect(await cache.read("k", load)).toBe("rows");
    expect(await cache.read("k", load)).toBe("rows");
    expect(load.calls).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  it("concurrent misses share one load; copied values give each caller its own copy", async () => {
    const { cache } = cacheWith<{ n: number }>({ values: "copied" });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const load = counter(async () => {
      await gate;
      return { n: 1 };
    });
    const reads = [cache.read("k", load), cache.read("k", load), cache.read("k", load)];
    release();
    const [a, b, c] = await Promise.all(reads);
    expect(load.calls).toBe(1);
    expect([a, b, c]).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(a).not.toBe(b);
    expect(b).not.toBe(c);
  });

  it("a load overtaken by an invalidation is neither stored nor joined by later callers", async () => {
    const { cache } = cacheWith<string>();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let version = 1;
    const slow = counter(async () => {
      const seen = version;
      await gate;
      return `v${seen}`;
    });
    const pending = cache.read("k", slow, { tags: ["contact:1"] });
    version = 2;
    cache.dropTags(["contact:1"]);
    const after = cache.read("k", slow, { tags: ["contact:1"] });
    release();
    expect(await pending).toBe("v1");
    expect(await after).toBe("v2");
    expect(slow.calls).toBe(2);
    expect(await cache.read("k", slow)).toBe("v2");
    expect(slow.calls).toBe(2);
  });

  it("an epoch taken before the caller's own wait keeps an overtaken load out", async () => {
    const { cache } = cacheWith<string>();
    const epoch = cache.epoch;
    cache.dropTags(["contact:1"]); // while the caller waited for something else
    const load = counter(() => "read after the caller started");
    await cache.read("k", load, { epoch });
    await cache.read("k", load);
    expect(load.calls).toBe(2);
  });

  it("a hit in the last quarter answers at once and loads again in the background, once", async () => {
    const { cache, clock } = cacheWith<string>();
    const start = clock.ms;
    let version = 1;
    const load = counter(() => `v${version}`);
    await cache.read("k", load); // lives 48 s
    version = 2;
    clock.ms = start + 30_000;
    expect(await cache.read("k", load)).toBe("v1");
    expect(load.calls).toBe(1);
    clock.ms = start + 40_000;
    expect(await cache.read("k", load)).toBe("v1"); // at once, from memory
    expect(load.calls).toBe(2); // the background load started
    expect(["v1", "v2"]).toContain(await cache.read("k", load)); // the old entry or the new one…
    await settle();
    expect(load.calls).toBe(2); // …never a third load
    clock.ms = start + 40_000 + 30_000; // past the first entry's end, inside the new one's
    expect(await cache.read("k", load)).toBe("v2");
    expect(load.calls).toBe(2);
  });

  it("a failed background load leaves the entry until it expires", async () => {
    const { cache, clock } = cacheWith<string>();
    const start = clock.ms;
    let fail = false;
    const load = counter(() => {
      if (fail) throw new Error("database down");
      return "v1";
    });
    await cache.read("k", load);
    fail = true;
    clock.ms = start + 40_000;
    expect(await cache.read("k", load)).toBe("v1");
    await settle();
    expect(await cache.read("k", load)).toBe("v1");
    expect(load.calls).toBe(2);
    clock.ms = start + 48_000;
    await expect(cache.read("k", load)).rejects.toThrow("database down");
  });
});

describe("memory cache: single flight", () => {
  it("shares a run under way, until an invalidation or its end", async () => {
    const { cache } = cacheWith<string>();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const run = counter(async () => {
      runs++;
      await gate;
      return runs;
    });
    const first = cache.singleFlight("k", run);
    const joined = cache.singleFlight("k", run);
    cache.clear();
    const afterInvalidation = cache.singleFlight("k", run);
    release();
    expect(await Promise.all([first, joined, afterInvalidation])).toEqual([2, 2, 2]);
    expect(run.calls).toBe(2);
    await cache.singleFlight("k", run);
    expect(run.calls).toBe(3);
  });
});

describe("invalidation feed", () => {
  const noop = () => {};

  it("local with the database's own notifications: routes them, and stops listening on stop", async () => {
    const messages: string[] = [];
    let deliver: ((payload: string) => void) | undefined;
    const unsubscribe = vi.fn(async () => {
      deliver = undefined;
    });
    const feed = createInvalidationFeed({ channel: "duret_test", label: "test", onMessage: (p) => messages.push(p), onLost: noop });
    expect(feed.usable()).toBe(false);
    await feed.restart({
      kind: "local",
      subscribe: async (channel, onMessage) => {
        expect(channel).toBe("duret_test");
        deliver = onMessage;
        return unsubscribe;
      },
    });
    expect(feed.mode).toBe("local");
    expect(feed.usable()).toBe(true);
    deliver?.("c1");
    expect(messages).toEqual(["c1"]);
    await feed.stop();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    expect([feed.mode, feed.usable()]).toEqual([undefined, false]);
  });

  it("starts once for concurrent callers; a failed start turns the copy off", async () => {
    const feed = createInvalidationFeed({ channel: "duret_test", label: "test", onMessage: noop, onLost: noop });
    const pick = vi.fn(async () => ({ kind: "local" as const }));
    await Promise.all([feed.startOnce(pick), feed.startOnce(pick)]);
    expect(pick).toHaveBeenCalledTimes(1);
    expect(feed.usable()).toBe(true);
    await feed.close();
    expect([feed.mode, feed.usable()]).toEqual(["off", false]);

    const failing = createInvalidationFeed({ channel: "duret_test", label: "test", onMessage: noop, onLost: noop });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await failing.startOnce(async () => {
        throw new Error("no database");
      });
    } finally {
      logged.mockRestore();
    }
    expect([failing.mode, failing.usable()]).toEqual(["off", false]);
  });
});
