import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { Pool } from "pg";
import { getEnv } from "@/lib/env";
import * as schema from "./schema";
import { processSingleton } from "@/lib/process/singleton";
import { log } from "@/lib/log";

export type Schema = typeof schema;
/** The same Drizzle API whether PGlite or a PostgreSQL server is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
  /**
   * PGlite only: calls `onMessage` for each NOTIFY on `channel`, delivered before the committing
   * query returns (one process, one connection). A PostgreSQL server needs a LISTEN connection (lib/db/listen.ts).
   */
  listenLocal?(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
}

const migrationsFolder = path.join(process.cwd(), "drizzle");
// A fixed key so that instances starting together migrate one at a time.
const MIGRATION_LOCK = 724_019_001;

/** `poolMax`: connections of the pool (PostgreSQL; default 10). */
/** `fromDump` (PGlite in memory): start from this data directory dump (tests: a migrated template). */
export type DbTarget = { url: string; poolMax?: number } | { dataDir: string } | { memory: true; fromDump?: Blob };

/** Opens a database and applies pending migrations. Tests open their own; the app uses getDb(). */
export async function openDb(target: DbTarget): Promise<DbHandle> {
  if ("url" in target) {
    const pool = new Pool({ connectionString: target.url, max: target.poolMax ?? 10 });
    // An idle client killed by the server (restart, failover, DROP DATABASE … FORCE) is reported
    // as an 'error' event on the pool; unhandled, it would crash the process. The pool replaces it.
    pool.on("error", (error) => log.error({ scope: "db", err: error }, "idle PostgreSQL connection lost"));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const client = await pool.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
      client.release();
    }
    return { db, kind: "postgres", close: () => pool.end() };
  }
  let dataDir: string | undefined;
  if ("dataDir" in target) {
    // PGlite's Node filesystem does not create the missing parent directories of its data directory.
    mkdirSync(target.dataDir, { recursive: true });
    dataDir = target.dataDir;
  }
  const loadDataDir = "memory" in target ? target.fromDump : undefined;
  const client = await PGlite.create(dataDir, { extensions: { btree_gist }, ...(loadDataDir ? { loadDataDir } : {}) });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder });
  return { db, kind: "pglite", close: () => client.close(), listenLocal: (channel, onMessage) => client.listen(channel, onMessage) };
}

type Holder = { promise?: Promise<DbHandle>; opened?: DbHandle };
const holder = processSingleton<Holder>("__duretDb", () => ({}));

/**
 * The process's database, opened lazily on first use (so `next build`, which loads server modules,
 * never opens it),
 * one per process even across Next.js dev reloads.
 */
export function getDbHandle(): Promise<DbHandle> {
  if (!holder.promise) {
    const env = getEnv();
    const target: DbTarget = env.DATABASE_URL
      ? { url: env.DATABASE_URL }
      : { dataDir: path.resolve(env.DATA_DIR, "db") };
    holder.promise = openDb(target).then((handle) => (holder.opened = handle)).catch((error: unknown) => {
      holder.promise = undefined;
      throw error;
    });
  }
  return holder.promise;
}

/** The process's database if it is open already (never opens it). */
export function openedProcessDb(): DbHandle | undefined {
  return holder.opened;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Closes the process's database cleanly: PGlite loses data if the process dies with it open. */
export async function closeDb(): Promise<void> {
  const pending = holder.promise;
  holder.promise = undefined;
  holder.opened = undefined;
  if (pending) await (await pending).close();
}

/** Liveness of the database for /api/ready. */
export async function pingDb(): Promise<void> {
  const db = await getDb();
  await db.execute(sql`select 1`);
}
