"use server";
import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { clientAddress } from "@/lib/client-address";
import { getEnv } from "@/lib/env";
import { log, logContext } from "@/lib/log";
import { staffCookieOptions, staffPendingCookieName, staffSessionCookieName } from "@/lib/staff/cookies";
import { staffDeps } from "@/lib/staff/guards";
import { confirmStaffLink, requestStaffSignIn, STAFF_FAILURE_MESSAGES, verifyStaffSecondFactor, type StaffSignInReply } from "@/lib/staff/sign-in";
import { STAFF_SESSION_MAX_AGE_MS } from "@/lib/staff/session-token";

/**
 * The console's sign-in actions (no session yet: they are the way in). Each answers a French
 * message for anything it is given, never a 500.
 */
export type StaffSignInFormReply = StaffSignInReply | { status: "error"; message: string };

export async function requestStaffSignInAction(_previous: StaffSignInFormReply | null, formData: FormData): Promise<StaffSignInFormReply> {
  try {
    const h = await headers();
    const email = formData.get("email");
    return await requestStaffSignIn({ ...(await staffDeps()), ip: clientAddress(h), locale: "fr" }, { email: typeof email === "string" ? email : undefined });
  } catch (error) {
    log.error({ scope: "staff", err: error }, "staff sign-in request failed");
    return { status: "error", message: "La demande n'a pas pu être enregistrée. Merci de réessayer." };
  }
}

export type StaffLinkReply = { status: "error"; message: string } | null;

/** The link page's button (POST): spends the link, then the second factor. */
export async function confirmStaffLinkAction(_previous: StaffLinkReply, formData: FormData): Promise<StaffLinkReply> {
  let next = false;
  try {
    const env = getEnv();
    const h = await headers();
    const result = await confirmStaffLink({ ...(await staffDeps()), ip: clientAddress(h) }, { linkId: formData.get("lien"), token: formData.get("jeton") });
    if (!result.ok) return { status: "error", message: STAFF_FAILURE_MESSAGES[result.code] };
    (await cookies()).set(staffPendingCookieName(env.SITE_URL), result.pendingToken, {
      ...staffCookieOptions(env.SITE_URL),
      maxAge: Math.max(1, Math.floor((result.expiresAt - Date.now()) / 1000)),
    });
    next = true;
  } catch (error) {
    log.error({ scope: "staff", err: error }, "staff link confirmation failed");
    return { status: "error", message: "La connexion n'a pas pu aboutir. Merci de réessayer." };
  }
  if (next) redirect("/console/connexion/code");
  return null;
}

export type StaffCodeReply = { status: "error"; message: string; fieldErrors?: Record<string, string>; restart?: boolean } | null;

/** The authenticator's code (enrolment or sign-in): on success, the console session cookie. */
export async function verifyStaffCodeAction(_previous: StaffCodeReply, formData: FormData): Promise<StaffCodeReply> {
  let done = false;
  try {
    const env = getEnv();
    const h = await headers();
    const jar = await cookies();
    const pending = jar.get(staffPendingCookieName(env.SITE_URL))?.value;
    const result = await verifyStaffSecondFactor({ ...(await staffDeps()), ip: clientAddress(h), requestId: logContext()?.requestId }, pending, formData.get("code"));
    if (!result.ok) {
      const restart = ["expired", "locked", "refused", "used", "invalid"].includes(result.code);
      if (restart) jar.set(staffPendingCookieName(env.SITE_URL), "", { ...staffCookieOptions(env.SITE_URL), maxAge: 0 });
      const tries = result.code === "wrong-code" && result.remainingTries !== undefined ? ` Il vous reste ${result.remainingTries} essai${result.remainingTries > 1 ? "s" : ""}.` : "";
      return { status: "error", message: STAFF_FAILURE_MESSAGES[result.code] + tries, fieldErrors: restart ? undefined : { code: STAFF_FAILURE_MESSAGES[result.code] + tries }, restart };
    }
    jar.set(staffPendingCookieName(env.SITE_URL), "", { ...staffCookieOptions(env.SITE_URL), maxAge: 0 });
    jar.set(staffSessionCookieName(env.SITE_URL), result.sessionToken, { ...staffCookieOptions(env.SITE_URL), maxAge: STAFF_SESSION_MAX_AGE_MS / 1000 });
    done = true;
  } catch (error) {
    log.error({ scope: "staff", err: error }, "staff second factor failed");
    return { status: "error", message: "La vérification n'a pas pu aboutir. Merci de réessayer." };
  }
  if (done) redirect("/console");
  return null;
}
