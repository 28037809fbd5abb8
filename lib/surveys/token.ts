import "server-only";
import { createHmac, randomUUID } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { getEnv } from "@/lib/env";

/**
 * Survey links: a JWT (jose, HS256) bound to one contact and one intervention, valid 30 days,
 * with a jti that can be used once (survey_responses' primary key). The key is derived from
 * AUTH_SECRET for this purpose only, so a survey link can never pass for a session or anything else.
 */
export const SURVEY_TTL_SECONDS = 30 * 24 * 3600;
const ISSUER = "duret-portal";
const AUDIENCE = "duret-survey";

function key(): Uint8Array {
  const secret = getEnv().authSecret;
  if (!secret) throw new Error("AUTH_SECRET is required to sign survey links");
  return new Uint8Array(createHmac("sha256", secret).update("duret-survey-link-v1").digest());
}

export interface SurveyClaims {
  contactId: string;
  ticketId: string;
  jti: string;
  expiresAt: Date;
}

export async function issueSurveyToken(input: { contactId: string; ticketId: string; now?: Date }): Promise<string> {
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ tid: input.ticketId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(input.contactId)
    .setJti(randomUUID())
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + SURVEY_TTL_SECONDS)
    .sign(key());
}

export type SurveyTokenResult = { ok: true; claims: SurveyClaims } | { ok: false; reason: "expired" | "invalid" };

export async function verifySurveyToken(token: string, now = new Date()): Promise<SurveyTokenResult> {
  if (typeof token !== "string" || token.length > 2048 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return { ok: false, reason: "invalid" };
  try {
    const { payload } = await jwtVerify(token, key(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ["sub", "jti", "exp", "tid"],
    });
    const contactId = payload.sub ?? "";
    const ticketId = typeof payload.tid === "string" ? payload.tid : "";
    if (!/^\d{1,20}$/.test(contactId) || !/^\d{1,20}$/.test(ticketId) || !payload.jti) return { ok: false, reason: "invalid" };
    return { ok: true, claims: { contactId, ticketId, jti: payload.jti, expiresAt: new Date((payload.exp ?? 0) * 1000) } };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "expired" };
    return { ok: false, reason: "invalid" };
  }
}
