import "server-only";
import type { Db } from "@/lib/db/client";
import { hubspotDb } from "@/lib/hubspot/db";

/** The process's database, or the one a test installed (same override as the HubSpot layer). */
export function documentsDb(): Promise<Db> {
  return hubspotDb();
}

/** Drizzle's transaction type, used as a Db (same API). */
export function asDb(tx: unknown): Db {
  return tx as Db;
}
