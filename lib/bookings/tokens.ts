import "server-only";
import { jwtVerify, SignJWT } from "jose";
import { createHash } from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * The signed link in confirmation emails and reminder SMS: manage one appointment without signing
 * in. HS256 with a key derived from AUTH_SECRET (its own purpose, so a session secret never doubles
 * as a link key). The token names the booking (stable across reschedules) and its customer; the
 * core functions still check both against the database.
 */
const AUDIENCE = "duret:booking-manage";
const ISSUER = "duret-portal";
/** Longer than the booking horizon, so a link in an old confirmation still reaches the appointment. */
export const MANAGE_TOKEN_TTL_DAYS = 120;

function key(): Uint8Array {
  const secret = getEnv().authSecret;
  if (!secret) throw new Error("AUTH_SECRET is required to sign booking links");
  return createHash("sha256").update(`booking-manage-link:${secret}`).digest();
}

export async function signManageToken(input: { bookingId: string; contactId: string }, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ cid: input.contactId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(input.bookingId)
    .setAudience(AUDIENCE)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(iat + MANAGE_TOKEN_TTL_DAYS * 86_400)
    .sign(key());
}

/** The booking and customer a link stands for, or null (tampered, expired, another purpose). */
export async function verifyManageToken(token: string, now = new Date()): Promise<{ bookingId: string; contactId: string } | null> {
  if (typeof token !== "string" || token.length > 2000 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return null;
  try {
    const { payload } = await jwtVerify(token, key(), { audience: AUDIENCE, issuer: ISSUER, algorithms: ["HS256"], currentDate: now });
    if (typeof payload.sub !== "string" || typeof payload.cid !== "string") return null;
    return { bookingId: payload.sub, contactId: payload.cid };
  } catch {
    return null;
  }
}

/** The token from the link's path segment: a malformed %-escape is an invalid link (""), never a 500. */
export function decodeLinkSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}

export function manageUrl(token: string): string {
  return new URL(`/rdv/${encodeURIComponent(token)}`, getEnv().SITE_URL).toString();
}
