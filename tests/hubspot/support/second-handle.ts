import { sql } from "drizzle-orm";
import { openDb, type DbHandle } from "@/lib/db/client";
import { q } from "./query";

/**
 * A second, independent connection pool to the same database as `handle`, as a second portal
 * instance would have. Only possible on a PostgreSQL server (TEST_DATABASE_URL); on PGlite the
 * same handle is returned (one process, one database). `poolMax` bounds its connections.
 */
export async function secondHandle(handle: DbHandle, opts: { poolMax?: number } = {}): Promise<{ handle: DbHandle; separate: boolean }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || handle.kind !== "postgres") return { handle: { ...handle, close: async () => {} }, separate: false };
  const result = await q<{ name: string }>(handle.db, sql`select current_database() as name`);
  const name = result[0]?.name;
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { handle: await openDb({ url: target.toString(), ...(opts.poolMax ? { poolMax: opts.poolMax } : {}) }), separate: true };
}
