import { deepFreeze } from "./freeze";

/**
 * The part every memory layer of the process shares: a keyed copy of values read from elsewhere (the
 * shared HubSpot cache table, customers' rows), correct by invalidation. Pure: no I/O; the clock and
 * the random source can be injected (tests); invalidations come from the caller (feed.ts hooks
 * them to the database's NOTIFY).
 *
 * - `dropTags` / `clear` drop entries at once and count one more `epoch`. A value read from its
 *   source is stored only under the epoch taken before that read (`set(…, { epoch })`): a read
 *   overtaken by an invalidation never stores what it read.
 * - Each entry lives `maxAgeMs()` × 80–100 % at random, so that entries read together (a page's
 *   sections, a burst of sign-ins, a restart) are not all read again in the same second; never
 *   longer than its `ttlMs` (e.g. the source's own expiry). A hit in the last quarter of that life
 *   asks for a new read in the background, once (refresh-ahead: a regularly read value never makes
 *   its reader wait for the source).
 * - Bounded by entries and by total `size` (one entry above a tenth of it is not kept), least
 *   recently used out first.
 * - Values are "frozen" (stored deeply frozen; every hit returns that same object; an entry stored
 *   with `setLazy` is built on its first hit only, e.g. JSON parsed once) or "copied" (structuredClone
 *   in and out: callers own what they get).
 * - `read()` is get-or-load: concurrent misses of a key share one load (single flight) as long as no
 *   invalidation happened since that load started.
 */
export interface MemoryCacheOptions {
  /** Longest life of an entry, read at every store (configuration may change); 0 stores nothing. */
  maxAgeMs: () => number;
  maxEntries: number;
  /** Bound on the sum of the entries' `size` (e.g. characters of JSON text); none when omitted. */
  maxSize?: number;
  values: "frozen" | "copied";
  /** Milliseconds since the epoch; `Date.now()` (read at each call) when omitted. */
  now?: () => number;
  /** In [0, 1); `Math.random()` when omitted. */
  random?: () => number;
}

export interface StoreOptions {
  /** `epoch` as read before the value was read from its source. */
  epoch: number;
  /** What `dropTags` drops it by. */
  tags?: readonly string[];
  /** Longest life of this entry (e.g. what the source's own copy has left). */
  ttlMs?: number;
  /** What the `maxSize` bound counts (0 when omitted). */
  size?: number;
}

export interface MemoryCacheStats {
  hits: number;
  misses: number;
  entries: number;
  size: number;
  epoch: number;
}

export interface MemoryCache<V> {
  /** Counts invalidations: read it before reading a value's source, give it to `set`. */
  readonly epoch: number;
  /**
   * The entry, or undefined (absent, expired). `refresh`: the entry is in the last quarter of its
   * life and nobody reads it again yet; the caller should, in the background (asked once per entry).
   */
  get(key: string): { value: V; refresh: boolean } | undefined;
  /** Stores `value` read at `epoch`, unless an invalidation happened since. */
  set(key: string, value: V, options: StoreOptions): void;
  /** As `set`, the value built by `build()` on the entry's first hit (never if it has none). */
  setLazy(key: string, build: () => V, options: StoreOptions): void;
  /**
   * The entry, or `load()`'s result, stored (at `epoch`: by default the current one; give the one
   * read before any wait of the caller's). A hit in the last quarter of its entry's life loads again
   * in the background; concurrent misses share one load.
   */
  read(key: string, load: () => Promise<V>, options?: { epoch?: number; tags?: readonly string[] }): Promise<V>;
  /**
   * `run()`, or the promise of the `run()` of `key` already under way, if it started with no
   * invalidation since (else it may answer what an invalidation has just dropped).
   */
  singleFlight<T>(key: string, run: () => Promise<T>): Promise<T>;
  /** Drops the entries carrying one of `tags`. */
  dropTags(tags: Iterable<string>): void;
  /** Drops every entry. */
  clear(): void;
  stats(): MemoryCacheStats;
}

/** Entries live 80–100 % of the maximum age… */
const JITTER = 0.2;
/** …and are read again ahead from this fraction of their life on. */
const REFRESH_FROM = 0.75;

interface Entry<V> {
  value?: V;
  /** Until the first hit of an entry stored with `setLazy`. */
  build?: () => V;
  size: number;
  tags: readonly string[];
  expiresAtMs: number;
  refreshAtMs: number;
  refreshing: boolean;
}

interface Flight {
  epoch: number;
  promise: Promise<unknown>;
}

export function createMemoryCache<V>(options: MemoryCacheOptions): MemoryCache<V> {
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? (() => Math.random());
  const { maxEntries, maxSize } = options;
  const copied = options.values === "copied";
  /** The Map's order is the least-recently-used order. */
  const entries = new Map<string, Entry<V>>();
  const byTag = new Map<string, Set<string>>();
  const flights = new Map<string, Flight>();
  const stats = { hits: 0, misses: 0 };
  let size = 0;
  let epoch = 0;

  const remove = (key: string, entry: Entry<V>) => {
    entries.delete(key);
    size -= entry.size;
    for (const tag of entry.tags) {
      const keys = byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) byTag.delete(tag);
    }
  };

  const store = (key: string, content: () => Pick<Entry<V>, "value" | "build">, at: StoreOptions) => {
    if (at.epoch !== epoch) return;
    const entrySize = at.size ?? 0;
    const lifetime = Math.min(at.ttlMs ?? Infinity, options.maxAgeMs() * (1 - JITTER + JITTER * random()));
    if (!(lifetime > 0) || (maxSize !== undefined && entrySize > maxSize / 10)) return;
    const previous = entries.get(key);
    if (previous) remove(key, previous);
    const tags = at.tags ?? [];
    const start = now();
    entries.set(key, { ...content(), size: entrySize, tags, expiresAtMs: start + lifetime, refreshAtMs: start + lifetime * REFRESH_FROM, refreshing: false });
    size += entrySize;
    for (const tag of tags) {
      let keys = byTag.get(tag);
      if (!keys) byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (entries.size > maxEntries || (maxSize !== undefined && size > maxSize)) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      remove(oldest, entries.get(oldest)!);
    }
  };

  const get = (key: string): { value: V; refresh: boolean } | undefined => {
    const entry = entries.get(key);
    const at = now();
    if (!entry || entry.expiresAtMs <= at) {
      if (entry) remove(key, entry);
      stats.misses++;
      return undefined;
    }
    // Re-inserted: most recently used last.
    entries.delete(key);
    entries.set(key, entry);
    stats.hits++;
    if (entry.build) {
      const built = entry.build();
      entry.value = copied ? built : deepFreeze(built);
      entry.build = undefined;
    }
    const refresh = !entry.refreshing && at >= entry.refreshAtMs;
    if (refresh) entry.refreshing = true;
    return { value: copied ? structuredClone(entry.value as V) : (entry.value as V), refresh };
  };

  const set = (key: string, value: V, at: StoreOptions) =>
    store(key, () => ({ value: copied ? structuredClone(value) : deepFreeze(value) }), at);

  /** Starts `run` as the flight of `key` (read at `startEpoch`), or joins the one under way. */
  const fly = <T>(key: string, startEpoch: number, run: () => Promise<T>): { promise: Promise<T>; joined: boolean } => {
    const running = flights.get(key);
    if (running && running.epoch === epoch) return { promise: running.promise as Promise<T>, joined: true };
    const flight: Flight = { epoch: startEpoch, promise: Promise.resolve() };
    const promise = run().finally(() => {
      if (flights.get(key) === flight) flights.delete(key);
    });
    flight.promise = promise;
    flights.set(key, flight);
    return { promise, joined: false };
  };

  return {
    get epoch() {
      return epoch;
    },
    get,
    set,
    setLazy: (key, build, at) => store(key, () => ({ build }), at),
    async read(key, load, readOptions = {}) {
      const readEpoch = readOptions.epoch ?? epoch;
      const loadAndStore = async () => {
        const value = await load();
        set(key, value, { epoch: readEpoch, tags: readOptions.tags });
        return copied ? value : deepFreeze(value);
      };
      const found = get(key);
      if (found) {
        // Until its last quarter an entry is as good as a load: every change to its source drops it.
        if (found.refresh) void fly(key, readEpoch, loadAndStore).promise.catch(() => undefined);
        return found.value;
      }
      const { promise, joined } = fly(key, readEpoch, loadAndStore);
      const value = await promise;
      // The first caller owns what its load answered; the others get their own copy.
      return joined && copied ? structuredClone(value) : value;
    },
    singleFlight: (key, run) => fly(key, epoch, run).promise,
    dropTags(tags) {
      epoch++;
      for (const tag of tags) {
        const keys = byTag.get(tag);
        if (!keys) continue;
        for (const key of [...keys]) remove(key, entries.get(key)!);
      }
    },
    clear() {
      epoch++;
      entries.clear();
      byTag.clear();
      size = 0;
    },
    stats: () => ({ ...stats, entries: entries.size, size, epoch }),
  };
}
