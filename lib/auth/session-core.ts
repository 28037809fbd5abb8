import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { forgetContactRows, readContactRows } from "@/lib/memory-cache/row-memory";
import { revokedSessions, sessionEpochs } from "@/lib/db/schema";
import { publishLive } from "@/lib/live/process-bus";
import { SESSION_MAX_AGE_MS, isWithinLifetime, type CustomerSession, type SessionClaims } from "./session-claims";

export { SESSION_MAX_AGE_MS, isWithinLifetime, readSessionClaims, sessionClaimsSchema } from "./session-claims";
export type { CustomerSession, SessionClaims } from "./session-claims";

/**
 * Full check of a decoded token at `now`: lifetime, contact-wide revocation epoch, blocked
 * sign-in, and this session's own revocation. The database is the source of truth so that
 * sign-out takes effect at once on every instance.
 */
export async function checkSessionClaims(db: Db, claims: SessionClaims, now: number): Promise<CustomerSession | null> {
  if (!isWithinLifetime(claims.signedInAt, now)) return null;
  // One round trip, or none: the process keeps a copy, dropped by the database's own notification
  // the moment any of these rows changes (lib/memory-cache/row-memory.ts, migration 0009).
  const rows = await readContactRows(db, claims.contactId, `session:${claims.sessionId}`, () => readRevocation(db, claims));
  const row = rows[0];
  if (!row || row.blocked || row.revoked) return null;
  if (row.revoked_before_ms !== null && claims.signedInAt <= Number(row.revoked_before_ms)) return null;
  return { ...claims, expiresAt: claims.signedInAt + SESSION_MAX_AGE_MS };
}

type RevocationRow = { revoked_before_ms: number | string | null; blocked: boolean; revoked: boolean };

/** The contact's epoch and this session's revocation. */
async function readRevocation(db: Db, claims: SessionClaims): Promise<RevocationRow[]> {
  const result = await db.execute(sql`
      select (extract(epoch from e.revoked_before) * 1000)::float8 as revoked_before_ms,
        e.sign_in_blocked is not null as blocked,
        exists (select 1 from ${revokedSessions} r where r.session_id = ${claims.sessionId} and r.contact_id = ${claims.contactId}) as revoked
      from (select 1) as one left join ${sessionEpochs} e on e.contact_id = ${claims.contactId}`);
  // node-postgres answers { rows }, PGlite too; drizzle's PGlite driver may answer the rows themselves.
  return (Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows ?? []) as RevocationRow[];
}

/** Sessions of this contact signed in at or before `now` are refused from now on. */
export async function raiseRevocationEpoch(db: Db, contactId: string, now: number): Promise<void> {
  const at = new Date(now);
  await db
    .insert(sessionEpochs)
    .values({ contactId, revokedBefore: at })
    .onConflictDoUpdate({
      target: sessionEpochs.contactId,
      // Never lower the epoch (a late call must not resurrect sessions).
      set: { revokedBefore: sql`greatest(${sessionEpochs.revokedBefore}, ${at.toISOString()}::timestamptz)` },
    });
  // This instance at once; the others when the trigger's notification reaches them.
  forgetContactRows(contactId);
  await announceSessionChange(contactId);
}

/**
 * Tells this contact's open live streams, on every instance, to check their session again (they
 * end if it was revoked). Call after the revocation committed (sign-out, sign-out everywhere,
 * erasure). Never throws: a lost event costs the stream one heartbeat (lib/live/stream.ts).
 */
export async function announceSessionChange(contactId: string): Promise<void> {
  await publishLive({ contactId, topic: "session", id: "revocation" });
}

/** Revokes one session (sign-out); the row can go once the token would have expired anyway. */
export async function revokeSession(db: Db, claims: Pick<SessionClaims, "sessionId" | "contactId" | "signedInAt">, now: number): Promise<void> {
  await db
    .insert(revokedSessions)
    .values({
      sessionId: claims.sessionId,
      contactId: claims.contactId,
      expiresAt: new Date(Math.max(now, claims.signedInAt) + SESSION_MAX_AGE_MS),
    })
    .onConflictDoNothing();
  forgetContactRows(claims.contactId);
  await announceSessionChange(claims.contactId);
}
