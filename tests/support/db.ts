import { openDb, type DbHandle } from "@/lib/db/client";

/**
 * The database for database tests: embedded PGlite in memory by default; the PostgreSQL server
 * named by TEST_DATABASE_URL when the Postgres-server suite (vitest.pg.config.mts) runs.
 * Each call gets a fresh, migrated database, so tests never share state.
 */
export async function openTestDb(): Promise<DbHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openDb({ memory: true });
  const { Client } = await import("pg");
  const name = `duret_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDb({ url: target.toString() });
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = new Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
