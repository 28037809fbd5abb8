import "server-only";
import type { SQL } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { getDb, type Db } from "@/lib/db/client";
import { processSingleton } from "@/lib/process/singleton";

/**
 * The database every layer uses: the process's database, or the one a test installed (the HubSpot
 * layer's shared state, the domains' tables and the outbox then live in the test's database).
 */
type Holder = { db?: Db };
const holder = processSingleton<Holder>("__duretHubSpotDb", () => ({}));

export async function currentDb(): Promise<Db> {
  return holder.db ?? getDb();
}

/** Whether the layer runs on the process's own database (no test override). */
export function usesProcessDb(): boolean {
  return holder.db === undefined;
}

/** Tests run the layer on their own PGlite / Postgres database; `undefined` restores getDb(). */
export function setDbForTests(db: Db | undefined): void {
  holder.db = db;
}

/** Rows of a raw query, whether node-postgres or PGlite answered. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

/** A text[] literal (drizzle expands JS arrays into parameter lists, not arrays). */
export function textArray(values: readonly string[]): SQL {
  if (values.length === 0) return sql`'{}'::text[]`;
  return sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

/** Drizzle's transaction type, used as a Db (same API). */
export function asDb(tx: unknown): Db {
  return tx as Db;
}
