import "server-only";
import { getDbHandle, type Db } from "@/lib/db/client";
import { usesProcessDb } from "@/lib/db/current";
import { getEnv } from "@/lib/env";
import { createInvalidationFeed, createMemoryCache, type InvalidationSource } from "@/lib/memory-cache";
import { processSingleton } from "@/lib/process/singleton";

export { deepFreeze } from "@/lib/memory-cache";

/**
 * The process's copy of entries of the shared cache (hubspot_cache), so that a repeated page view
 * does not read the same rows again (≈ 1 ms of database work per signed-in page on PGlite, more
 * over the network). Built on the memory-cache primitive (lib/memory-cache), which keeps it correct
 * by invalidation:
 * - every `invalidateTags` drops matching entries here at once, and sends the tags on the
 *   `duret_cache` channel (pg_notify in the invalidation's transaction, delivered on commit);
 * - on a PostgreSQL server each instance LISTENs on that channel with a dedicated connection; the
 *   layer is used only while that connection listens, and emptied whenever it is lost or back
 *   (a notification may have been missed). With PGlite (one process) invalidations are all local.
 * - `epoch` counts invalidations: a read that started before one does not store what it read.
 * - Entries live at most HUBSPOT_CACHE_MEMORY_S (60 s; 0 turns the layer off), each 80–100 % of it at
 *   random (entries read together are not all read again in the same second: seen as the p99 of the
 *   load bench), and never beyond the shared row's expiry. A hit in the last quarter of an entry's
 *   life has it read again in the background (cache.ts), from the shared table or, if that expired,
 *   HubSpot. Bounded by entries and characters, least recently used out first.
 * - Stored as the JSON text read or written, parsed on the first hit and then kept parsed and deeply
 *   frozen: every later hit returns that same object (a parse per hit was ≈ 2 % of a warm page view,
 *   plus its garbage). Every value `cached()` returns is frozen (cache.ts), so a caller that mutated
 *   one would fail on every path, not only on a memory hit.
 * - Concurrent reads of one key share one load (`loadOnce`, used by cache.ts for the whole read).
 */
export const CACHE_CHANNEL = "duret_cache";
const MAX_ENTRIES = 5_000;
/** ≈ 32 MB of UTF-16 text; the parsed copy of an entry that was hit takes about as much again. */
const MAX_CHARS = 16_000_000;

function maxAgeMs(): number {
  return getEnv().HUBSPOT_CACHE_MEMORY_S * 1000;
}

function createLayer() {
  const memory = createMemoryCache<Readonly<{ v: unknown }>>({ maxAgeMs, maxEntries: MAX_ENTRIES, maxSize: MAX_CHARS, values: "frozen" });
  const feed = createInvalidationFeed({
    channel: CACHE_CHANNEL,
    label: "hubspot-cache",
    onMessage: (payload) => dropFromNotification(payload),
    onLost: () => memory.clear(),
  });
  /** Tests: the layer runs on this database instead of the process's. */
  return { memory, feed, testDb: undefined as Db | undefined };
}

const layer = processSingleton("__duretHubSpotMemory", createLayer);

/** "local" (every invalidation happens in this process: PGlite) or LISTEN on a PostgreSQL server. */
async function processSource(): Promise<InvalidationSource> {
  if (maxAgeMs() === 0) return { kind: "off" };
  const handle = await getDbHandle();
  const url = getEnv().DATABASE_URL;
  if (handle.kind === "pglite" || !url) return { kind: "local" };
  return { kind: "listen", url };
}

/**
 * Whether reads of `db` (undefined: the layer's default) go through the memory layer. Only the
 * process's own database (or the one a test installed with `useMemoryCacheForTests`).
 */
export async function memoryLayerFor(db: Db | undefined): Promise<boolean> {
  if (layer.testDb) return db === undefined || db === layer.testDb;
  if (db !== undefined || !usesProcessDb()) return false;
  if (!layer.feed.mode) await layer.feed.startOnce(processSource);
  return layer.feed.usable();
}

export function currentEpoch(): number {
  return layer.memory.epoch;
}

/**
 * The entry (`{ v }`, deeply frozen, the same object on every hit), or undefined. `refresh`: the
 * entry is in the last quarter of its life and nobody is reading it again yet; the caller should,
 * in the background (refresh-ahead), so that no page view waits for the database on a warm entry.
 */
export function readMemory(key: string): { value: Readonly<{ v: unknown }>; refresh: boolean } | undefined {
  return layer.memory.get(key);
}

/** Stores an entry read or written at `epoch`, unless an invalidation happened since. */
export function rememberInMemory(key: string, json: string, tags: readonly string[], ttlMs: number, epoch: number): void {
  layer.memory.setLazy(key, () => JSON.parse(json) as { v: unknown }, { epoch, tags, ttlMs, size: json.length });
}

/**
 * `run()`, or the read of `key` already under way when no invalidation happened since it started
 * (a read that an invalidation overtakes is not shared with later callers).
 */
export function loadOnce<T>(key: string, run: () => Promise<T>): Promise<T> {
  return layer.memory.singleFlight(key, run);
}

/** Drops the entries carrying one of `tags` (this process's own invalidations). */
export function dropTagsFromMemory(tags: readonly string[]): void {
  layer.memory.dropTags(tags);
}

export function forgetAll(): void {
  layer.memory.clear();
}

/** The NOTIFY payload for an invalidation: the tags, or "*" (everything) when too long for NOTIFY. */
export function notificationPayload(tags: readonly string[]): string {
  const json = JSON.stringify(tags);
  return json.length > 7_000 ? "*" : json;
}

function dropFromNotification(payload: string): void {
  if (payload === "*") return forgetAll();
  try {
    const tags: unknown = JSON.parse(payload);
    if (Array.isArray(tags) && tags.every((t) => typeof t === "string")) return dropTagsFromMemory(tags);
  } catch {
    // not ours: be safe
  }
  forgetAll();
}

export function getMemoryCacheStats(): { hits: number; entries: number; chars: number } {
  const { hits, entries, size } = layer.memory.stats();
  return { hits, entries, chars: size };
}

/**
 * Tests: run the memory layer on `db` (a test database), "local" (every invalidation in this
 * process) or listening on `url` (two "instances" in one test share one process, so a test of
 * the cross-instance path drives `dropFromNotification` through a real LISTEN connection).
 * `undefined` turns it back to the process's database.
 */
export async function useMemoryCacheForTests(db: Db | undefined, url?: string): Promise<void> {
  await layer.feed.stop();
  layer.testDb = db;
  forgetAll();
  if (db) await layer.feed.restart(url ? { kind: "listen", url } : { kind: "local" });
}

/** Closes the LISTEN connection (process shutdown). */
export async function closeMemoryCache(): Promise<void> {
  await layer.feed.close();
}
