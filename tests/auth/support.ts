import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { outbox, signInAttempts } from "@/lib/db/schema";
import { openPayload } from "@/lib/outbox/seal";

/** A controllable clock for the 10-minute and 1-hour limits. */
export function fakeClock(start = Date.UTC(2026, 10, 24, 9, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** The secret sent to a person, as the outbox worker would read it (sealed at rest). */
export async function sentSecret(db: Db, attemptId: string): Promise<{ to: string; data: { url?: string; code?: string; expiresInMinutes: number } }> {
  const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, `sign-in:${attemptId}`));
  if (!row) throw new Error(`no outbox row for ${attemptId}`);
  const payload = row.payload as { sealed: string };
  return openPayload(payload.sealed, row.id) as { to: string; data: { url?: string; code?: string; expiresInMinutes: number } };
}

export async function attemptRows(db: Db) {
  return db.select().from(signInAttempts);
}

export async function lastAttemptId(db: Db, identity: string): Promise<string> {
  const rows = (await db.select().from(signInAttempts).where(eq(signInAttempts.identity, identity))).sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime(),
  );
  if (!rows[0]) throw new Error(`no attempt for ${identity}`);
  return rows[0].id;
}
