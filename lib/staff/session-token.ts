import "server-only";
import { hkdfSync } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { z } from "zod";

/**
 * Staff tokens: JWS (HS256, jose) signed with a key derived from the auth secret for the console
 * only, with their own issuer and audience. A customer's session cookie is a next-auth JWE under
 * another key: it never verifies here, and a staff token never decrypts there (tests/staff), so a
 * staff session never grants customer access and vice versa.
 */
export const STAFF_ISSUER = "duret-portal";
export const STAFF_SESSION_AUDIENCE = "duret-console";
/** Between the link (first factor) and the authenticator code: a different audience, never a session. */
export const STAFF_PENDING_AUDIENCE = "duret-console-second-factor";
/** Console sessions end 1 hour after sign-in, whatever the activity (like customers'). */
export const STAFF_SESSION_MAX_AGE_MS = 60 * 60 * 1000;
const CLOCK_SKEW_MS = 60 * 1000;

function keyFor(authSecret: string): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", authSecret, "duret-staff", "staff session jws v1", 32));
}

const sessionClaims = z.object({ sub: z.email(), sid: z.string().min(16).max(64), sia: z.number().int().positive() });
const pendingClaims = z.object({ sub: z.email(), lid: z.string().min(16).max(64) });

export interface StaffSessionClaims {
  email: string;
  sessionId: string;
  signedInAt: number;
}

export async function signStaffSession(claims: StaffSessionClaims, authSecret: string): Promise<string> {
  return new SignJWT({ sid: claims.sessionId, sia: claims.signedInAt })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.email)
    .setIssuer(STAFF_ISSUER)
    .setAudience(STAFF_SESSION_AUDIENCE)
    .setIssuedAt(Math.floor(claims.signedInAt / 1000))
    .setExpirationTime(Math.floor((claims.signedInAt + STAFF_SESSION_MAX_AGE_MS) / 1000))
    .sign(keyFor(authSecret));
}

/** The claims of a valid, unexpired staff session token at `now`; null for anything else. */
export async function readStaffSession(token: string, authSecret: string, now: number): Promise<StaffSessionClaims | null> {
  try {
    const { payload } = await jwtVerify(token, keyFor(authSecret), {
      issuer: STAFF_ISSUER,
      audience: STAFF_SESSION_AUDIENCE,
      algorithms: ["HS256"],
      currentDate: new Date(now),
    });
    const c = sessionClaims.safeParse(payload);
    if (!c.success) return null;
    if (!(now < c.data.sia + STAFF_SESSION_MAX_AGE_MS && c.data.sia <= now + CLOCK_SKEW_MS)) return null;
    return { email: c.data.sub, sessionId: c.data.sid, signedInAt: c.data.sia };
  } catch {
    return null;
  }
}

export async function signPendingSecondFactor(input: { email: string; linkId: string; expiresAt: number; now: number }, authSecret: string): Promise<string> {
  return new SignJWT({ lid: input.linkId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(input.email)
    .setIssuer(STAFF_ISSUER)
    .setAudience(STAFF_PENDING_AUDIENCE)
    .setIssuedAt(Math.floor(input.now / 1000))
    .setExpirationTime(Math.floor(input.expiresAt / 1000))
    .sign(keyFor(authSecret));
}

export async function readPendingSecondFactor(token: string, authSecret: string, now: number): Promise<{ email: string; linkId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, keyFor(authSecret), {
      issuer: STAFF_ISSUER,
      audience: STAFF_PENDING_AUDIENCE,
      algorithms: ["HS256"],
      currentDate: new Date(now),
    });
    const c = pendingClaims.safeParse(payload);
    return c.success ? { email: c.data.sub, linkId: c.data.lid } : null;
  } catch {
    return null;
  }
}
