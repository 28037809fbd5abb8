import "server-only";
import { openedProcessDb, type Db, type DbHandle } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/process/singleton";
import { createInvalidationFeed, type InvalidationSource } from "./feed";
import { createMemoryCache } from "./store";

/**
 * The process's memory copy of a customer's rows that every page view reads again (session
 * revocation state, bookings, addresses, quote decisions, survey answers), and of the few shared
 * rows read as often (the recorded HubSpot pipeline ids: readTableRows): ≈ 0.5 ms of PGlite work
 * per query on a 2-core machine, one or two queries per signed-in page (bench/load.ts profile).
 *
 * Kept correct by the database itself, not by the code that writes:
 * - a trigger on each of those tables (migration 0009) sends the row's `contact_id` on the
 *   `duret_rows` channel for every insert, update and delete ("*" on truncate), delivered on commit,
 *   whoever writes (this process, another instance, a script, an operator in psql);
 * - PGlite (one process) delivers it before the committing query returns: the copy can never be
 *   read stale. On a PostgreSQL server each instance LISTENs with a dedicated connection, the layer is
 *   used only while it listens and emptied whenever it is lost or back; the customer-facing writes also
 *   call `forgetContactRows` after their commit, so this instance drops its copy without waiting for
 *   the notification (sign-out everywhere, a booking, a signature);
 * - what the memory-cache primitive (store.ts) does for every copy: a read that started before a drop
 *   does not store what it read; entries live at most DB_MEMORY_S (60 s; 0 turns the layer off), each
 *   80–100 % of it at random so that entries read together (a burst of sign-ins, a restart) are not
 *   all read again in the same second; a hit in the last quarter of an entry's life reads the rows
 *   again in the background (refresh-ahead: a regularly viewed page never waits for the database);
 *   concurrent misses share one read; bounded, least recently used out;
 * - values are copied (structuredClone) in and out: callers own what they get.
 * Reads inside a transaction, or on any database but the process's own, never use it.
 */
export const ROWS_CHANNEL = "duret_rows";
const MAX_ENTRIES = 20_000;

function maxAgeMs(): number {
  return getEnv().DB_MEMORY_S * 1000;
}

function createRowMemory() {
  const memory = createMemoryCache<unknown>({ maxAgeMs, maxEntries: MAX_ENTRIES, values: "copied" });
  const feed = createInvalidationFeed({
    channel: ROWS_CHANNEL,
    label: "row-memory",
    onMessage: (payload) => dropFromNotification(payload),
    onLost: () => memory.clear(),
  });
  /** The database the layer serves (the process's, or a test's). */
  return { memory, feed, db: undefined as Db | undefined };
}

const rows = processSingleton("__duretRowMemory", createRowMemory);

/** PGlite: its own notifications; a PostgreSQL server: a LISTEN connection on `url`. */
function sourceFor(handle: DbHandle, url: string | undefined): InvalidationSource {
  rows.db = handle.db;
  if (maxAgeMs() === 0) return { kind: "off" };
  const { listenLocal } = handle;
  if (listenLocal) return { kind: "local", subscribe: (channel, onMessage) => listenLocal.call(handle, channel, onMessage) };
  return url ? { kind: "listen", url } : { kind: "off" };
}

/** Whether reads of `db` may use the memory copy (the process's own database, its listener up). */
async function usable(db: Db): Promise<boolean> {
  if (!rows.feed.mode) {
    const handle = openedProcessDb();
    if (!handle || handle.db !== db) return false;
    await rows.feed.startOnce(async () => sourceFor(handle, getEnv().DATABASE_URL));
  }
  return db === rows.db && rows.feed.usable();
}

/** The copy's key: one contact's entries are dropped together (by the tag `contactId`). */
function keyOf(contactId: string, key: string): string {
  return `${contactId}\u0000${key}`;
}

/**
 * `load()` (rows of `contactId` only: the notification that drops them names that contact), or
 * this process's copy of its last result under `key`.
 */
export async function readContactRows<T>(db: Db, contactId: string, key: string, load: () => Promise<T>): Promise<T> {
  // Taken first: a change dropped while this call waits anywhere below keeps its result out.
  const epoch = rows.memory.epoch;
  if (!(await usable(db))) return load();
  return rows.memory.read(keyOf(contactId, key), load, { epoch, tags: [contactId] }) as Promise<T>;
}

/**
 * `load()` (rows of a table that is not a customer's, read on many page views: the recorded HubSpot
 * pipeline ids), or this process's copy of its last result. The table's statement trigger (migration
 * 0014) sends `table:<name>` on the same channel when a change commits; `forgetTableRows` after a write.
 */
export async function readTableRows<T>(db: Db, table: string, load: () => Promise<T>): Promise<T> {
  const epoch = rows.memory.epoch;
  if (!(await usable(db))) return load();
  const tag = `table:${table}`;
  return rows.memory.read(keyOf(tag, "rows"), load, { epoch, tags: [tag] }) as Promise<T>;
}

export function forgetTableRows(table: string): void {
  rows.memory.dropTags([`table:${table}`]);
}

/** Drops this process's copy of a contact's rows: call after a write to them commits. */
export function forgetContactRows(contactId: string): void {
  rows.memory.dropTags([contactId]);
}

export function forgetAll(): void {
  rows.memory.clear();
}

function dropFromNotification(payload: string): void {
  if (payload === "*" || payload === "") forgetAll();
  else forgetContactRows(payload);
}

export function getRowMemoryStats(): { hits: number; misses: number; entries: number; epoch: number } {
  const { hits, misses, entries, epoch } = rows.memory.stats();
  return { hits, misses, entries, epoch };
}

/**
 * Tests: serve `handle`'s database (PGlite: its own notifications; a PostgreSQL server: a LISTEN
 * connection on `url`), or stop (`undefined`, back to the process's database).
 */
export async function useRowMemoryForTests(handle: DbHandle | undefined, url?: string): Promise<void> {
  await rows.feed.stop();
  rows.db = undefined;
  forgetAll();
  if (handle) await rows.feed.restart(sourceFor(handle, url));
}

/** Stops listening (process shutdown). */
export async function closeRowMemory(): Promise<void> {
  await rows.feed.close();
}
