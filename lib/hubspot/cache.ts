import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { currentDb, rowsOf, textArray } from "@/lib/db/current";
import { isAppError } from "@/lib/errors";
import { hubspotKnownDownError, hubspotReadAllowed } from "./call";
import { noteStale } from "./staleness";
import {
  CACHE_CHANNEL,
  currentEpoch,
  deepFreeze,
  dropTagsFromMemory,
  forgetAll,
  loadOnce,
  memoryLayerFor,
  notificationPayload,
  readMemory,
  rememberInMemory,
} from "./memory-cache";
import { traced } from "@/lib/telemetry";

/**
 * Read cache of HubSpot data shared by all instances (table hubspot_cache), invalidated by tag
 * from the portal's own writes and from verified webhooks.
 *
 * - Values are JSON (domain types hold ISO strings, never Dates), stored wrapped as `{ v }` so a
 *   cached `null` is told apart from a miss. What `cached()` returns is deeply frozen: one value is
 *   shared by concurrent callers and by every hit on the memory copy, so nobody may change it.
 * - In front of it, each process keeps a copy of the entries it read (memory-cache.ts), dropped by
 *   every invalidation on any instance (LISTEN/NOTIFY on a PostgreSQL server) and used only while
 *   those invalidations are sure to reach it. Concurrent misses for one key share one loader.
 * - A loader that started before an invalidation of one of its tags does not store its result
 *   (hubspot_cache_invalidations), so a webhook racing a slow read cannot leave stale data behind.
 * - Times come from the database clock so that instances agree.
 * - Stale-if-error: an invalidation or the TTL only marks a row expired (it is deleted by the
 *   housekeeping STALE_KEEP_DAYS later, or at once by `forgetTags`). A read never answers an
 *   expired row while HubSpot answers (a webhook still makes the next read fresh); when HubSpot
 *   fails (UPSTREAM_UNAVAILABLE), it answers the last value it knew and notes its age
 *   (staleness.ts: « Données du … »). While HubSpot is known down (breaker.ts) a miss does not even
 *   ask it: it answers that value, or fails, at once.
 */

/** How long an expired or invalidated row is kept to answer while HubSpot fails. */
export const STALE_KEEP_DAYS = 7;

/** TTLs: objects HubSpot sends webhooks for (contacts, tickets, deals) stay long; the rest is bounded. */
export const CACHE_TTL = {
  webhookCovered: 3600,
  /** Meetings, notes, quotes, invoices, line items, files' lists: no classic webhooks. */
  get bounded(): number {
    return getEnv().HUBSPOT_CACHE_TTL_S;
  },
  /** Pipelines and owners change rarely; a stale stage label is harmless for an hour. */
  reference: 3600,
} as const;

/** Tag names, in one place so writers and webhooks agree with readers. */
export const cacheTags = {
  contact: (id: string) => `contact:${id}`,
  contactList: (id: string, list: "tickets" | "meetings" | "quotes" | "invoices" | "notes" | "deals") => `contact:${id}:${list}`,
  ticket: (id: string) => `ticket:${id}`,
  ticketNotes: (id: string) => `ticket:${id}:notes`,
  deal: (id: string) => `deal:${id}`,
  quote: (id: string) => `quote:${id}`,
  invoice: (id: string) => `invoice:${id}`,
  meeting: (id: string) => `meeting:${id}`,
  note: (id: string) => `note:${id}`,
  file: (id: string) => `file:${id}`,
  object: (type: string, id: string) => `${type.replace(/s$/, "")}:${id}`,
  owners: "owners",
  pipelines: "pipelines",
} as const;

export interface CacheOptions<T> {
  key: string;
  /** Static tags, or tags computed from the loaded value (e.g. one per listed object). */
  tags: readonly string[] | ((value: T) => readonly string[]);
  ttlSeconds: number;
  db?: Db;
  /**
   * false: a failing HubSpot fails the read, even when an older value is known (e.g. the
   * technicians' calendar: a booking must never be judged against a stale one).
   */
  staleIfError?: boolean;
}

let stats = { hits: 0, misses: 0 };
export function getCacheStats(): { hits: number; misses: number } {
  return { ...stats };
}
export function resetCacheStats(): void {
  stats = { hits: 0, misses: 0 };
}

export async function cached<T>(options: CacheOptions<T>, loader: () => Promise<T>): Promise<T> {
  // Noted in the caller's own scope: concurrent callers of one key share one read.
  const { value, staleSince } = await loadOnce(options.key, () => readThrough(options, loader));
  if (staleSince) noteStale(staleSince);
  return value;
}

interface Read<T> {
  value: T;
  /** Set when HubSpot failed and the last known value (fetched then, ISO) answers instead. */
  staleSince?: string;
}

interface CacheRow {
  now_us: string | number;
  value: unknown;
  tags: string[] | null;
  /** Milliseconds the shared row has left. */
  ttl_ms: string | number | null;
}
interface PendingRead {
  key: string;
  resolve: (row: CacheRow | undefined) => void;
  reject: (error: unknown) => void;
}
const pendingReads = new Map<Db, PendingRead[]>();

/**
 * Reads one key, batched: every key asked for in the same turn of the event loop (a page's sections
 * start their reads together) is read by one query, flushed after the pending microtasks. One round
 * trip instead of one per key; each row still carries the database clock at read time.
 */
function readCacheRow(db: Db, key: string): Promise<CacheRow | undefined> {
  return new Promise((resolve, reject) => {
    let batch = pendingReads.get(db);
    if (!batch) {
      batch = [];
      pendingReads.set(db, batch);
      setImmediate(() => void flushReads(db));
    }
    batch.push({ key, resolve, reject });
  });
}

async function flushReads(db: Db): Promise<void> {
  const batch = pendingReads.get(db) ?? [];
  pendingReads.delete(db);
  try {
    const keys = [...new Set(batch.map((r) => r.key))];
    const rows = rowsOf<CacheRow & { key: string }>(
      await db.execute(sql`
        select (extract(epoch from clock_timestamp()) * 1000000)::bigint as now_us, k.key, c.value, c.tags,
          (extract(epoch from c.expires_at - clock_timestamp()) * 1000)::float8 as ttl_ms
        from unnest(${textArray(keys)}) as k(key)
        left join hubspot_cache c on c.key = k.key and c.expires_at > clock_timestamp()`),
    );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (const r of batch) r.resolve(byKey.get(r.key));
  } catch (error) {
    for (const r of batch) r.reject(error);
  }
}

async function readThrough<T>(options: CacheOptions<T>, loader: () => Promise<T>, fromMemory = true): Promise<Read<T>> {
  const memory = await memoryLayerFor(options.db);
  // Invalidations counted before reading: a read that an invalidation overtakes is not kept in memory.
  const epoch = currentEpoch();
  if (memory && fromMemory) {
    const found = readMemory(options.key);
    if (found !== undefined) {
      stats.hits++;
      // Near the end of the entry's life: read again in the background, this view does not wait.
      if (found.refresh) void readThrough(options, loader, false).catch(() => undefined);
      return { value: found.value.v as T };
    }
  }
  const db = options.db ?? (await currentDb());
  // The database's part of a read: one span for the shared cache's row when the memory copy misses.
  const row = await traced("db hubspot_cache", () => readCacheRow(db, options.key), { "db.operation": "select" });
  const hit = parseJson(row?.value);
  if (hit && typeof hit === "object" && "v" in hit) {
    stats.hits++;
    if (memory && row) rememberInMemory(options.key, typeof row.value === "string" ? row.value : JSON.stringify(hit), row.tags ?? [], Number(row.ttl_ms ?? 0), epoch);
    return { value: deepFreeze((hit as { v: T }).v) };
  }
  stats.misses++;
  const startedUs = Number(row?.now_us ?? 0);
  let value: T;
  try {
    if (!(await hubspotReadAllowed())) throw hubspotKnownDownError(options.key);
    value = await loader();
  } catch (error) {
    if (options.staleIfError === false || !isAppError(error) || error.code !== "UPSTREAM_UNAVAILABLE") throw error;
    const last = await readLastKnown<T>(db, options.key);
    if (!last) throw error;
    return last;
  }
  const tags = [...new Set(typeof options.tags === "function" ? options.tags(value) : options.tags)];
  const json = JSON.stringify({ v: value });
  await db.execute(sql`
    insert into hubspot_cache (key, value, tags, expires_at)
    select ${options.key}, ${json}::jsonb, ${textArray(tags)}, clock_timestamp() + make_interval(secs => ${options.ttlSeconds})
    where not exists (
      select 1 from hubspot_cache_invalidations
      where tag = any(${textArray(tags)}) and invalidated_at >= to_timestamp(${startedUs}::double precision / 1000000))
    on conflict (key) do update
      set value = excluded.value, tags = excluded.tags, expires_at = excluded.expires_at, created_at = now()`);
  if (memory) rememberInMemory(options.key, json, tags, options.ttlSeconds * 1000, epoch);
  // Occasional housekeeping keeps both tables small without a separate job.
  if (Math.random() < 0.01) await pruneHubSpotCache(db).catch(() => {});
  return { value: deepFreeze(value) };
}

/** The row of `key` whatever its expiry (stale-if-error), with when it was fetched. */
async function readLastKnown<T>(db: Db, key: string): Promise<Read<T> | undefined> {
  const [row] = rowsOf<{ value: unknown; fetched_at: string | Date }>(
    await db.execute(sql`select value, created_at as fetched_at from hubspot_cache where key = ${key}`),
  );
  const last = parseJson(row?.value);
  if (!row || !last || typeof last !== "object" || !("v" in last)) return undefined;
  return { value: deepFreeze((last as { v: T }).v), staleSince: new Date(row.fetched_at).toISOString() };
}

function parseJson(value: unknown): unknown {
  if (typeof value === "string") {
    try {
      return JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value;
}

/**
 * Makes every cached entry carrying one of `tags` stale, on every instance (their memory copies are
 * dropped): the next read asks HubSpot, and answers the old value only if HubSpot fails.
 */
export async function invalidateTags(tags: readonly string[], db?: Db): Promise<void> {
  await dropTags(tags, db, "expire");
}

/** As `invalidateTags`, and the entries are deleted, not kept for an outage (erasure of a customer). */
export async function forgetTags(tags: readonly string[], db?: Db): Promise<void> {
  await dropTags(tags, db, "delete");
}

async function dropTags(tags: readonly string[], db: Db | undefined, how: "expire" | "delete"): Promise<void> {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  dropTagsFromMemory(unique);
  const database = db ?? (await currentDb());
  await database.transaction(async (tx) => {
    // Delivered to the other instances when this transaction commits.
    await tx.execute(sql`select pg_notify(${CACHE_CHANNEL}, ${notificationPayload(unique)})`);
    await tx.execute(sql`
      insert into hubspot_cache_invalidations (tag, invalidated_at)
      select t, clock_timestamp() from unnest(${textArray(unique)}) as t
      on conflict (tag) do update set invalidated_at = excluded.invalidated_at`);
    if (how === "delete") await tx.execute(sql`delete from hubspot_cache where tags && ${textArray(unique)}`);
    else await tx.execute(sql`update hubspot_cache set expires_at = clock_timestamp() where tags && ${textArray(unique)} and expires_at > clock_timestamp()`);
  });
  // Again after the commit: a read of the old rows that ended meanwhile may have stored them. New
  // callers no longer join a load that started before it (loadOnce).
  dropTagsFromMemory(unique);
}

/** Deletes entries expired for STALE_KEEP_DAYS and invalidation marks older than any load could take. */
export async function pruneHubSpotCache(db?: Db): Promise<void> {
  const database = db ?? (await currentDb());
  await database.execute(sql`delete from hubspot_cache where expires_at < clock_timestamp() - make_interval(days => ${STALE_KEEP_DAYS})`);
  await database.execute(sql`delete from hubspot_cache_invalidations where invalidated_at < clock_timestamp() - interval '1 hour'`);
}

/** Tests: forget everything (shared table and single-flight). */
export async function clearHubSpotCache(db?: Db): Promise<void> {
  const database = db ?? (await currentDb());
  await database.execute(sql`delete from hubspot_cache`);
  await database.execute(sql`delete from hubspot_cache_invalidations`);
  await database.execute(sql`select pg_notify(${CACHE_CHANNEL}, '*')`);
  // Also keeps new callers out of the loads under way (loadOnce).
  forgetAll();
}
