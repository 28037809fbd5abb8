import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { currentDb } from "@/lib/db/current";
import { hubspotCreates } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { RetryLaterError } from "@/lib/errors";
import { jobNow } from "@/lib/time/job-clock";
import { mayHaveBeenApplied } from "./call";

/**
 * Exactly-once creation of a HubSpot object by an outbox job, without trusting search right after a
 * write (HubSpot's search index shows new objects only "after a few moments"):
 *
 * - the id is recorded in `hubspot_creates` under the caller's key as soon as HubSpot returns it, so a
 *   retried job resumes from it and never looks it up again;
 * - before sending the create, the attempt is marked (committed); a create that fails in a way that
 *   may have been applied (timeout, connection reset, 5xx: `mayHaveBeenApplied`) keeps the mark;
 * - a job that finds a mark does not create: it waits until the attempt could have been applied AND
 *   indexed (`settleMs`: the write's whole budget + HUBSPOT_SEARCH_LAG_MS), then looks the object up with
 *   `find` (a marker HubSpot can search on that object, or the associations of the object it was
 *   created on), and creates only when nothing is found;
 * - a create HubSpot certainly refused (4xx, 429, refused connection, our budget) clears the mark.
 *
 * Concurrent jobs for the same key: one claims the attempt (conditional UPDATE), the others are told
 * to retry later (RetryLaterError, which the outbox turns into a delay, not a failure).
 */

export interface CreateOnceInput {
  /** Unique per object the portal means to create, e.g. `note:message:<uuid>`. */
  key: string;
  objectType: string;
  create: () => Promise<string>;
  /** The object an earlier attempt may have created, or null. Called only once the attempt has settled. */
  find: () => Promise<string | null>;
  db?: Db;
  /** Default: the outbox job's clock (lib/time/job-clock.ts), else the wall clock. */
  now?: () => number;
  /** Overrides `settleMs()` (tests). */
  settleMs?: number;
}

/**
 * How long after an attempt was marked its outcome becomes knowable by a look-up: the create may
 * queue for the shared budget (HUBSPOT_BUDGET_WAIT_MS), then be sent and re-sent within the write's
 * whole budget (HUBSPOT_WRITE_MAX_WAIT_MS: a 429 is retried), and only then be indexed by search
 * (HUBSPOT_SEARCH_LAG_MS). 10 + 30 + 15 = 55 s by default.
 */
export function settleMs(): number {
  const env = getEnv();
  return env.HUBSPOT_BUDGET_WAIT_MS + env.HUBSPOT_WRITE_MAX_WAIT_MS + env.HUBSPOT_SEARCH_LAG_MS;
}

/** The id recorded for `key`, if its object was created (or found) already. */
export async function recordedId(key: string, db?: Db): Promise<string | null> {
  const database = db ?? (await currentDb());
  const [row] = await database.select({ id: hubspotCreates.hubspotId }).from(hubspotCreates).where(eq(hubspotCreates.key, key));
  return row?.id ?? null;
}

export async function createOnce(input: CreateOnceInput): Promise<string> {
  const db = input.db ?? (await currentDb());
  const now = input.now ?? jobNow;
  const settle = input.settleMs ?? settleMs();
  const byKey = eq(hubspotCreates.key, input.key);
  await db.insert(hubspotCreates).values({ key: input.key, objectType: input.objectType }).onConflictDoNothing();
  const [row] = await db.select().from(hubspotCreates).where(byKey);
  if (!row) throw new Error(`hubspot_creates: row ${input.key} vanished`);
  if (row.hubspotId) return row.hubspotId;

  const record = async (id: string, resolvedBy: "created" | "found") => {
    await db.update(hubspotCreates).set({ hubspotId: id, attemptStartedAt: null, resolvedBy, updatedAt: new Date(now()) }).where(byKey);
    return id;
  };

  if (row.attemptStartedAt) {
    const wait = row.attemptStartedAt.getTime() + settle - now();
    if (wait > 0) {
      throw new RetryLaterError(`HubSpot ${input.objectType} ${input.key}: an earlier create may still be applied or indexed; looked up in ${Math.ceil(wait / 1000)} s`, wait);
    }
    const found = await input.find();
    if (found) return record(found, "found");
  }

  const stamp = new Date(now());
  const claimed = await db
    .update(hubspotCreates)
    .set({ attemptStartedAt: stamp, attempts: sql`${hubspotCreates.attempts} + 1`, updatedAt: stamp })
    .where(
      and(
        byKey,
        isNull(hubspotCreates.hubspotId),
        row.attemptStartedAt ? eq(hubspotCreates.attemptStartedAt, row.attemptStartedAt) : isNull(hubspotCreates.attemptStartedAt),
      ),
    )
    .returning({ key: hubspotCreates.key });
  if (claimed.length === 0) {
    const id = await recordedId(input.key, db);
    if (id) return id;
    throw new RetryLaterError(`HubSpot ${input.objectType} ${input.key}: another worker is creating it`, settle);
  }

  let id: string;
  try {
    id = await input.create();
  } catch (error) {
    if (!mayHaveBeenApplied(error)) {
      await db
        .update(hubspotCreates)
        .set({ attemptStartedAt: null, updatedAt: new Date(now()) })
        .where(and(byKey, eq(hubspotCreates.attemptStartedAt, stamp)));
    }
    throw error;
  }
  return record(id, "created");
}
