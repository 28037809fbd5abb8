import { sql } from "drizzle-orm";
import type { DbHandle } from "@/lib/db/client";
import { q } from "../hubspot/support/query";

/** Shared by the memory-layer tests (HubSpot cache copy, customer rows copy). */

/** The URL of a test database on the PostgreSQL server (for a LISTEN connection), or undefined on PGlite. */
export async function databaseUrl(handle: DbHandle): Promise<string | undefined> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base || handle.kind !== "postgres") return undefined;
  const name = (await q<{ name: string }>(handle.db, sql`select current_database() as name`))[0]!.name;
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Polls `check` every 10 ms until true or `ms` passed; answers its last value. */
export async function waitFor(check: () => boolean, ms = 3_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return check();
}

/** A loader that counts its calls. */
export function counter<T>(make: () => T) {
  const loader = async () => {
    loader.calls++;
    return make();
  };
  loader.calls = 0;
  return loader;
}
