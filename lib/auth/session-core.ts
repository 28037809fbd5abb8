import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { revokedSessions, sessionEpochs } from "@/lib/db/schema";

/** Sessions end 1 hour after sign-in, whatever the activity (no rolling refresh). */
export const SESSION_MAX_AGE_MS = 60 * 60 * 1000;
/** Tolerated clock difference between instances for a token "signed in the future". */
const CLOCK_SKEW_MS = 60 * 1000;

export interface CustomerSession {
  contactId: string;
  sessionId: string;
  /** ms since epoch */
  signedInAt: number;
  /** ms since epoch, signedInAt + 1 h */
  expiresAt: number;
  channel: "email" | "sms";
  /** The verified email (lowercase) or E.164 phone number. */
  identity: string;
  locale: "fr" | "en";
}

/** What the JWT carries (besides next-auth's own iat/exp/jti). */
export const sessionClaimsSchema = z.object({
  contactId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  sessionId: z.string().min(16).max(64),
  signedInAt: z.number().int().positive(),
  channel: z.enum(["email", "sms"]),
  identity: z.string().min(3).max(320),
  locale: z.enum(["fr", "en"]).catch("fr"),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

export function readSessionClaims(payload: unknown): SessionClaims | null {
  const parsed = sessionClaimsSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/** Pure part of the check: the 1-hour limit. */
export function isWithinLifetime(signedInAt: number, now: number): boolean {
  return now < signedInAt + SESSION_MAX_AGE_MS && signedInAt <= now + CLOCK_SKEW_MS;
}

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
