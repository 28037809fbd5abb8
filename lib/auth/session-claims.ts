import { z } from "zod";

/** The session's claims and lifetime: pure, also used by proxy.ts (no server-only import). */

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

