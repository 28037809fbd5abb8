import "server-only";
import { getDbHandle, type Db } from "@/lib/db/client";
import { listenChannel, type ChannelListener } from "@/lib/db/listen";
import { getEnv } from "@/lib/env";
import { usesProcessDb } from "./db";

/**
 * The process's copy of entries of the shared cache (hubspot_cache), so that a repeated page view
 * does not read the same rows again (≈ 1 ms of database work per signed-in page on PGlite, more
 * over the network).
 *
 * Kept correct by invalidation, like the shared table:
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
 */
export const CACHE_CHANNEL = "duret_cache";
const MAX_ENTRIES = 5_000;
/** ≈ 32 MB of UTF-16 text; the parsed copy of an entry that was hit takes about as much again. */
const MAX_CHARS = 16_000_000;

interface Entry {
  /** The `{ v }` JSON until the first hit parses it. */
  json?: string;
  /** The parsed `{ v }`, frozen, from the first hit on. */
  value?: Readonly<{ v: unknown }>;
  /** Characters of the JSON (what the bounds count). */
  size: number;
  /** From then on, a hit asks its reader to read the entry again in the background (once). */
  refreshAtMs: number;
  refreshing?: boolean;
  tags: readonly string[];
  expiresAtMs: number;
}

interface State {
  entries: Map<string, Entry>;
  chars: number;
  epoch: number;
  /** "local": every invalidation happens in this process (PGlite); "listen": a PostgreSQL server. */
  mode?: "local" | "listen" | "off";
  listener?: ChannelListener;
  setup?: Promise<void>;
  /** Tests: the layer runs on this database instead of the process's. */
  testDb?: Db;
  stats: { hits: number };
}

const g = globalThis as typeof globalThis & { __duretHubSpotMemory?: State };
const state: State = (g.__duretHubSpotMemory ??= { entries: new Map(), chars: 0, epoch: 0, stats: { hits: 0 } });

function maxAgeMs(): number {
  return getEnv().HUBSPOT_CACHE_MEMORY_S * 1000;
}

async function setUp(): Promise<void> {
  if (maxAgeMs() === 0) {
    state.mode = "off";
    return;
  }
  const handle = await getDbHandle();
  const url = getEnv().DATABASE_URL;
  if (handle.kind === "pglite" || !url) {
    state.mode = "local";
    return;
  }
  state.mode = "listen";
  state.listener = listenForInvalidations(url);
  state.listener.start();
}

/** This instance's LISTEN connection for other instances' invalidations; emptied when it drops or comes back. */
function listenForInvalidations(url: string): ChannelListener {
  return listenChannel(url, CACHE_CHANNEL, {
    label: "hubspot-cache",
    onMessage: (payload) => dropFromNotification(payload),
    onDown: () => forgetAll(),
    onUp: () => forgetAll(),
  });
}

/**
 * Whether reads of `db` (undefined: the layer's default) go through the memory layer. Only the
 * process's own database (or the one a test installed with `useMemoryCacheForTests`).
 */
export async function memoryLayerFor(db: Db | undefined): Promise<boolean> {
  if (state.testDb) return db === undefined || db === state.testDb;
  if (db !== undefined || !usesProcessDb()) return false;
  if (!state.mode) {
    state.setup ??= setUp().catch((error: unknown) => {
      console.error("[hubspot-cache] memory layer not started", error);
      state.mode = "off";
    });
    await state.setup;
  }
  if (state.mode === "local") return true;
  if (state.mode === "listen") return state.listener?.listening === true;
  return false;
}

export function currentEpoch(): number {
  return state.epoch;
}

/**
 * The entry (`{ v }`, deeply frozen, the same object on every hit), or undefined. `refresh`: the
 * entry is in the last quarter of its life and nobody is reading it again yet; the caller should,
 * in the background (refresh-ahead), so that no page view waits for the database on a warm entry.
 */
export function readMemory(key: string): { value: Readonly<{ v: unknown }>; refresh: boolean } | undefined {
  const entry = state.entries.get(key);
  if (!entry) return undefined;
  state.entries.delete(key);
  if (entry.expiresAtMs <= Date.now()) {
    state.chars -= entry.size;
    return undefined;
  }
  // Re-inserted: the Map's order is the least-recently-used order.
  state.entries.set(key, entry);
  state.stats.hits++;
  if (!entry.value) {
    entry.value = deepFreeze(JSON.parse(entry.json!) as { v: unknown });
    entry.json = undefined;
  }
  const refresh = !entry.refreshing && Date.now() >= entry.refreshAtMs;
  if (refresh) entry.refreshing = true;
  return { value: entry.value, refresh };
}

/** `value` and everything it holds, frozen (plain JSON data: objects, arrays, primitives). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Stores an entry read or written at `epoch`, unless an invalidation happened since. */
export function rememberInMemory(key: string, json: string, tags: readonly string[], ttlMs: number, epoch: number): void {
  if (epoch !== state.epoch) return;
  const lifetime = Math.min(ttlMs, maxAgeMs() * (0.8 + 0.2 * Math.random()));
  if (!(lifetime > 0) || json.length > MAX_CHARS / 10) return;
  const previous = state.entries.get(key);
  if (previous) {
    state.entries.delete(key);
    state.chars -= previous.size;
  }
  const now = Date.now();
  state.entries.set(key, { json, size: json.length, tags, expiresAtMs: now + lifetime, refreshAtMs: now + lifetime * 0.75 });
  state.chars += json.length;
  while (state.entries.size > MAX_ENTRIES || state.chars > MAX_CHARS) {
    const oldest = state.entries.keys().next().value;
    if (oldest === undefined) break;
    state.chars -= state.entries.get(oldest)!.size;
    state.entries.delete(oldest);
  }
}

/** Drops the entries carrying one of `tags` (this process's own invalidations). */
export function dropTagsFromMemory(tags: readonly string[]): void {
  state.epoch++;
  const wanted = new Set(tags);
  for (const [key, entry] of state.entries) {
    if (entry.tags.some((t) => wanted.has(t))) {
      state.entries.delete(key);
      state.chars -= entry.size;
    }
  }
}

export function forgetAll(): void {
  state.epoch++;
  state.entries.clear();
  state.chars = 0;
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
  return { hits: state.stats.hits, entries: state.entries.size, chars: state.chars };
}

/**
 * Tests: run the memory layer on `db` (a test database), "local" (every invalidation in this
 * process) or listening on `url` (two "instances" in one test share one process, so a test of
 * the cross-instance path drives `dropFromNotification` through a real LISTEN connection).
 * `undefined` turns it back to the process's database.
 */
export async function useMemoryCacheForTests(db: Db | undefined, url?: string): Promise<void> {
  await state.listener?.close();
  state.listener = undefined;
  state.setup = undefined;
  state.mode = undefined;
  state.testDb = db;
  forgetAll();
  if (!db) return;
  if (!url) {
    state.mode = "local";
    return;
  }
  state.mode = "listen";
  state.listener = listenForInvalidations(url);
  await state.listener.ready();
}

/** Closes the LISTEN connection (process shutdown). */
export async function closeMemoryCache(): Promise<void> {
  await state.listener?.close();
}
