"use server";
import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { cookieOptions, sessionCookieName } from "@/lib/auth/cookies";
import { getCustomerSession, signOutEverywhere } from "@/lib/auth/session";
import { revokeSession } from "@/lib/auth/session-core";

async function clearSessionCookie(): Promise<void> {
  const siteUrl = getEnv().SITE_URL;
  // Same attributes as when set: a `__Host-` cookie is only replaced by a Secure, path=/ one.
  (await cookies()).set(sessionCookieName(siteUrl), "", { ...cookieOptions(siteUrl), maxAge: 0 });
}

/** Header "Se déconnecter": revokes this session everywhere it was copied, then back to sign-in. */
export async function signOutAction(): Promise<void> {
  const session = await getCustomerSession();
  if (session) await revokeSession(await getDb(), session, Date.now());
  await clearSessionCookie();
  redirect("/connexion?deconnecte=1");
}

/** "Se déconnecter de tous les appareils": every session of this customer stops at once. */
export async function signOutEverywhereAction(): Promise<void> {
  const session = await getCustomerSession();
  if (session) await signOutEverywhere(session.contactId);
  await clearSessionCookie();
  redirect("/connexion?deconnecte=1");
}
