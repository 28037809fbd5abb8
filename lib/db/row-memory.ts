import "server-only";
import { getEnv } from "@/lib/env";
import { openedProcessDb, type Db, type DbHandle } from "./client";
import { listenChannel, type ChannelListener } from "./listen";

/**
 * The process's memory copy of a customer's rows that every page view reads again (session
 * revocation state, bookings, addresses, quote decisions, survey answers): ≈ 0.5 ms of PGlite work
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
 * - `epoch` counts drops: a read that started before one does not store what it read;
 * - entries live at most DB_MEMORY_S (60 s; 0 turns the layer off), each 80–100 % of it at random so
 *   that entries read together (a burst of sign-ins, a restart) are not all read again in the same
 *   second; a hit in the last quarter of an entry's life reads the rows again in the background
 *   (refresh-ahead: a regularly viewed page never waits for the database); bounded, least recently
 *   used out;
 * - values are copied (structuredClone) in and out: callers own what they get.
 * Reads inside a transaction, or on any database but the process's own, never use it.
 */
export const ROWS_CHANNEL = "duret_rows";
const MAX_ENTRIES = 20_000;

interface Entry {
  value: unknown;
  expiresAtMs: number;
  /** From then on, a hit also reads the rows again in the background (once). */
  refreshAtMs: number;
  refreshing?: boolean;
}

interface State {
  /** contactId → (key → entry); the outer Map's order is the least-recently-used order of contacts. */
  contacts: Map<string, Map<string, Entry>>;
  size: number;
  epoch: number;
  mode?: "local" | "listen" | "off";
  /** The database the layer serves (the process's, or a test's). */
  db?: Db;
  listener?: ChannelListener;
  unlisten?: () => Promise<void>;
  setup?: Promise<void>;
  stats: { hits: number; misses: number };
}

const g = globalThis as typeof globalThis & { __duretRowMemory?: State };
const state: State = (g.__duretRowMemory ??= { contacts: new Map(), size: 0, epoch: 0, stats: { hits: 0, misses: 0 } });

function maxAgeMs(): number {
  return getEnv().DB_MEMORY_S * 1000;
}

async function startOn(handle: DbHandle, url: string | undefined): Promise<void> {
  if (maxAgeMs() === 0) {
    state.mode = "off";
    return;
  }
  if (handle.listenLocal) {
    state.unlisten = await handle.listenLocal(ROWS_CHANNEL, dropFromNotification);
    state.db = handle.db;
    state.mode = "local";
    return;
  }
  if (!url) {
    state.mode = "off";
    return;
  }
  state.db = handle.db;
  state.mode = "listen";
  state.listener = listenChannel(url, ROWS_CHANNEL, {
    label: "row-memory",
    onMessage: dropFromNotification,
    onDown: forgetAll,
    onUp: forgetAll,
  });
}

/** Whether reads of `db` may use the memory copy (the process's own database, its listener up). */
async function usable(db: Db): Promise<boolean> {
  if (!state.mode) {
    const handle = openedProcessDb();
    if (!handle || handle.db !== db) return false;
    state.setup ??= startOn(handle, getEnv().DATABASE_URL).catch((error: unknown) => {
      console.error("[row-memory] not started", error);
      state.mode = "off";
    });
    await state.setup;
    state.listener?.start();
  }
  if (db !== state.db) return false;
  if (state.mode === "local") return true;
  if (state.mode === "listen") {
    state.listener?.start();
    return state.listener?.listening === true;
  }
  return false;
}

/**
 * `load()` (rows of `contactId` only: the notification that drops them names that contact), or
 * this process's copy of its last result under `key`.
 */
export async function readContactRows<T>(db: Db, contactId: string, key: string, load: () => Promise<T>): Promise<T> {
  // Taken first: a change dropped while this call waits anywhere below keeps its result out.
  const epoch = state.epoch;
  if (!(await usable(db))) return load();
  const found = lookup(contactId, key);
  if (found) {
    state.stats.hits++;
    // In the last quarter of its life the copy is read again in the background, so that a page view
    // never waits for the database on a warm copy (a view that does goes to the back of the server's
    // queue: that was the load bench's p95). Until then the copy is as good as any hit: every change
    // to these rows drops it.
    if (!found.refreshing && Date.now() >= found.refreshAtMs) {
      found.refreshing = true;
      void refresh(contactId, key, load, epoch);
    }
    return structuredClone(found.value) as T;
  }
  state.stats.misses++;
  const value = await load();
  if (epoch === state.epoch) remember(contactId, key, structuredClone(value));
  return value;
}

async function refresh<T>(contactId: string, key: string, load: () => Promise<T>, epoch: number): Promise<void> {
  try {
    const value = await load();
    if (epoch === state.epoch) remember(contactId, key, structuredClone(value));
  } catch {
    // The copy expires as it would have; the next view reads the rows itself.
  }
}

function lookup(contactId: string, key: string): Entry | undefined {
  const entries = state.contacts.get(contactId);
  const entry = entries?.get(key);
  if (!entries || !entry) return undefined;
  if (entry.expiresAtMs <= Date.now()) {
    entries.delete(key);
    state.size--;
    return undefined;
  }
  // Most recently used contact last.
  state.contacts.delete(contactId);
  state.contacts.set(contactId, entries);
  return entry;
}

function remember(contactId: string, key: string, value: unknown): void {
  let entries = state.contacts.get(contactId);
  if (!entries) {
    entries = new Map();
    state.contacts.set(contactId, entries);
  }
  if (!entries.has(key)) state.size++;
  const now = Date.now();
  const lifetime = maxAgeMs() * (0.8 + 0.2 * Math.random());
  entries.set(key, { value, expiresAtMs: now + lifetime, refreshAtMs: now + lifetime * 0.75 });
  while (state.size > MAX_ENTRIES) {
    const oldest = state.contacts.keys().next().value;
    if (oldest === undefined) break;
    state.size -= state.contacts.get(oldest)!.size;
    state.contacts.delete(oldest);
  }
}

/** Drops this process's copy of a contact's rows: call after a write to them commits. */
export function forgetContactRows(contactId: string): void {
  state.epoch++;
  const entries = state.contacts.get(contactId);
  if (!entries) return;
  state.size -= entries.size;
  state.contacts.delete(contactId);
}

export function forgetAll(): void {
  state.epoch++;
  state.contacts.clear();
  state.size = 0;
}

function dropFromNotification(payload: string): void {
  if (payload === "*" || payload === "") forgetAll();
  else forgetContactRows(payload);
}

export function getRowMemoryStats(): { hits: number; misses: number; entries: number; epoch: number } {
  return { ...state.stats, entries: state.size, epoch: state.epoch };
}

/**
 * Tests: serve `handle`'s database (PGlite: its own notifications; a PostgreSQL server: a LISTEN
 * connection on `url`), or stop (`undefined`, back to the process's database).
 */
export async function useRowMemoryForTests(handle: DbHandle | undefined, url?: string): Promise<void> {
  await closeRowMemory();
  state.mode = undefined;
  state.db = undefined;
  state.setup = undefined;
  forgetAll();
  if (!handle) return;
  await startOn(handle, url);
  await state.listener?.ready();
}

/** Stops listening (process shutdown, tests). */
export async function closeRowMemory(): Promise<void> {
  const { listener, unlisten } = state;
  state.listener = undefined;
  state.unlisten = undefined;
  await listener?.close();
  await unlisten?.().catch(() => {});
}
