import { createHash, randomUUID } from "node:crypto";
import sharp from "sharp";
import { sql } from "drizzle-orm";
import type { CustomerSession } from "@/lib/auth/session-claims";
import { getDb, type Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import type { PortalStack } from "../messages/support";

/** The session the mocked "@/lib/auth/session" hands out (null: signed out). */
export function sessionFor(contactId: string | null): CustomerSession | null {
  if (!contactId) return null;
  const now = Date.now();
  return { contactId, sessionId: `sec-${contactId}`, signedInAt: now - 1000, expiresAt: now + 3_600_000, channel: "email", identity: `${contactId}@example.test`, locale: "fr" };
}

/**
 * Everything a customer request may change: every table of the portal database (row count and a
 * hash of the rows) and the sandbox's whole HubSpot state. Equal before/after = nothing changed.
 */
export async function portalState(stack: PortalStack): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // The portal's own database (getDb) and the HubSpot layer's (currentDb: bookings, documents and
  // account tables in tests; the same database in production). Only the layer's read caches, call
  // budget and webhook log change on a read, and are left out; so is the pipeline ids record, which
  // the first read of a database setup never wrote adopts (lib/hubspot/pipelines.ts).
  const dbs: [string, Db][] = [["db", await getDb()]];
  if ((stack.db.db as unknown) !== dbs[0]![1]) dbs.push(["currentDb", stack.db.db]);
  for (const [label, db] of dbs) {
    const res = (await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`)) as unknown as Rows<{ tablename: string }>;
    const tables = rowsOf(res)
      .map((r) => r.tablename)
      .filter((t) => !VOLATILE.has(t));
    for (const t of tables) {
      const r = (await db.execute(sql.raw(`select count(*)::text as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`))) as unknown as Rows<{ n: string; h: string }>;
      const row = rowsOf(r)[0];
      out[`${label}.${t}`] = `${row?.n}:${row?.h}`;
    }
  }
  out.sandbox = createHash("sha256").update(JSON.stringify(stack.sandbox.store.snapshot())).digest("hex");
  return out;
}

type Rows<T> = { rows?: T[] } | T[];
const rowsOf = <T>(r: Rows<T>): T[] => (Array.isArray(r) ? r : (r.rows ?? []));
const VOLATILE = new Set(["hubspot_budget", "hubspot_cache", "hubspot_cache_invalidations", "hubspot_pipeline_ids", "webhook_events"]);

/** The outcome of a call, reduced to what the suites assert on. */
export type Outcome =
  | { kind: "ok"; value: unknown }
  | { kind: "error"; code: string; message: string }
  | { kind: "raw"; error: string };

export async function outcomeOf(p: Promise<unknown>): Promise<Outcome> {
  try {
    return { kind: "ok", value: await p };
  } catch (e) {
    if (isAppError(e)) return { kind: "error", code: e.code, message: e.userMessage };
    return { kind: "raw", error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

const GENERIC = /erreur inattendue/i;
/** A French message for the customer (not the generic 500 one, not an English internal text). */
export function isFrenchMessage(message: unknown): boolean {
  if (typeof message !== "string" || message.trim().length < 3) return false;
  if (GENERIC.test(message)) return false;
  return /[éèàçêùôî]|\b(le|la|les|de|du|des|un|une|ce|cette|votre|vos|vous|est|sont|pas|merci|lien|introuvables?|invalides?|inconnus?|inconnues?|certaines)\b/i.test(message);
}

export function route(url: string, init?: RequestInit): Request {
  return new Request(new URL(url, "http://127.0.0.1:3999"), init);
}

export const params = <P>(p: P) => ({ params: Promise.resolve(p) });

export async function pngBytes(): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: "#cc3300" } }).png().toBuffer());
}

export const uuid = () => randomUUID();
