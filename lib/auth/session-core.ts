import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { revokedSessions, sessionEpochs } from "@/lib/db/schema";
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
  const [epoch] = await db
    .select({ revokedBefore: sessionEpochs.revokedBefore, signInBlocked: sessionEpochs.signInBlocked })
    .from(sessionEpochs)
    .where(eq(sessionEpochs.contactId, claims.contactId))
    .limit(1);
  if (epoch) {
    if (epoch.signInBlocked) return null;
    if (claims.signedInAt <= epoch.revokedBefore.getTime()) return null;
  }
  const [revoked] = await db
    .select({ sessionId: revokedSessions.sessionId })
    .from(revokedSessions)
    .where(and(eq(revokedSessions.sessionId, claims.sessionId), eq(revokedSessions.contactId, claims.contactId)))
    .limit(1);
  if (revoked) return null;
  return { ...claims, expiresAt: claims.signedInAt + SESSION_MAX_AGE_MS };
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
}
