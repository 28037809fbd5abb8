import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { openDb, type DbHandle } from "@/lib/db/client";

/**
 * The database for database tests: embedded PGlite in memory by default; the PostgreSQL server
 * named by TEST_DATABASE_URL when the Postgres-server suite (vitest.pg.config.mts) runs.
 * Each call gets a fresh, migrated database, so tests never share state.
 */
export async function openTestDb(): Promise<DbHandle> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openMemoryDb();
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

/**
 * A fresh in-memory PGlite database, started from a dump of an empty migrated one. Creating a
 * PGlite database (its initdb) and migrating it is most of a database test's CPU; on a loaded
 * 2-core machine that alone could exceed a hook's time limit. The dump is made once per set of
 * migrations (and PGlite version) and shared by the test processes through the temp directory;
 * openDb still runs the migrations on it (a no-op when it is up to date).
 */
async function openMemoryDb(): Promise<DbHandle> {
  const file = templateFile();
  const dump = await readFile(file).catch(() => undefined);
  if (dump) return openDb({ memory: true, fromDump: new Blob([dump]) });
  const handle = await openDb({ memory: true });
  const client = (handle.db as unknown as { $client: PGlite }).$client;
  const bytes = Buffer.from(await (await client.dumpDataDir("none")).arrayBuffer());
  const partial = `${file}.${randomUUID()}`;
  await writeFile(partial, bytes);
  await rename(partial, file); // atomic: another process reads the whole dump or none
  return handle;
}

let template: string | undefined;
function templateFile(): string {
  if (template) return template;
  const hash = createHash("sha256");
  const migrations = path.join(process.cwd(), "drizzle");
  for (const name of readdirSync(migrations, { recursive: true }).map(String).sort()) {
    const full = path.join(migrations, name);
    if (statSync(full).isFile()) hash.update(name).update(readFileSync(full));
  }
  // PGlite's own version (its package.json is not exported: read next to its entry point).
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  hash.update(readFileSync(path.join(path.dirname(entry), "..", "package.json")));
  template = path.join(os.tmpdir(), `duret-pglite-migrated-${hash.digest("hex").slice(0, 16)}.tar`);
  return template;
}
