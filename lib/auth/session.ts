import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { getEnv } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import { sessionCookieName } from "./cookies";
import { safeReturnPath } from "./identity";
import { decodeSessionToken } from "./session-token";
import { checkSessionClaims, raiseRevocationEpoch, readSessionClaims, type CustomerSession } from "./session-core";

export type { CustomerSession } from "./session-core";

/**
 * The signed-in customer of this request, or null when the cookie is absent, forged, expired
 * (1 h after sign-in, whatever the activity), revoked, or the contact is blocked.
 * Checked against the database on every request (revocation must bite at once), once per request.
 */
export const getCustomerSession = cache(async (): Promise<CustomerSession | null> => {
  const env = getEnv();
  const jar = await cookies();
  const raw = jar.get(sessionCookieName(env.SITE_URL))?.value;
  if (!raw) return null;
  let payload: Readonly<Record<string, unknown>> | null;
  try {
    payload = await decodeSessionToken(raw, env.authSecret ?? "");
  } catch {
    return null;
  }
  const claims = readSessionClaims(payload);
  if (!claims) return null;
  return checkSessionClaims(await getDb(), claims, Date.now());
});

/** Pages and server actions: the customer, or a redirect to sign-in that comes back here. */
export async function requireCustomer(): Promise<CustomerSession> {
  const session = await getCustomerSession();
  if (session) return session;
  const h = await headers();
  // Set by proxy.ts (never trusted as-is: safeReturnPath keeps it a local path).
  const current = safeReturnPath(h.get("x-return-to") ?? h.get("x-pathname") ?? "/");
  redirect(`/connexion?retour=${encodeURIComponent(current)}`);
}

/** Route handlers: the customer, or AppError("UNAUTHENTICATED") (401). */
export async function requireCustomerForApi(): Promise<CustomerSession> {
  const session = await getCustomerSession();
  if (session) return session;
  throw new AppError("UNAUTHENTICATED", "no valid customer session");
}

/**
 * What an open live stream needs to end with its session (lib/live/stream.ts): its hard end (1 h
 * after sign-in; the JWT's own `exp` slides with each refresh, never earlier than that), and the
 * same full check as every request.
 */
export function liveSessionWatch(session: CustomerSession): { expiresAt: number; isValid(): Promise<boolean> } {
  return {
    expiresAt: session.expiresAt,
    isValid: async () => (await checkSessionClaims(await getDb(), session, Date.now())) !== null,
  };
}

/** Revokes every session of this contact issued until now ("sign out everywhere", erasure). */
export async function signOutEverywhere(contactId: string): Promise<void> {
  await raiseRevocationEpoch(await getDb(), contactId, Date.now());
}
