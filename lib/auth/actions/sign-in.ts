"use server";
import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { userMessageOf } from "@/lib/errors";
import { ATTEMPT_TTL_MS } from "@/lib/auth/attempts";
import { attemptIdSchema } from "@/lib/auth/identity";
import { attemptCookieName, cookieOptions } from "@/lib/auth/cookies";
import { clientIp, preferredLocale } from "@/lib/auth/request-context";
import { requestSignIn, signInDelivery } from "@/lib/auth/request-sign-in";
import { log } from "@/lib/log";

/** What the /connexion form shows after sending (the SMS attempt id stays in an HttpOnly cookie). */
export type SignInFormReply =
  | { status: "email-sent"; message: string; sentTo: string; attemptId: string }
  | { status: "invalid"; message: string; fieldErrors: Record<string, string> }
  | { status: "rate-limited" | "error"; message: string };

/**
 * The /connexion form's action (useActionState): works before hydration too, as a plain POST.
 * Sends a link (answer: "check your mailbox") or a code (redirect to /connexion/code).
 * Any input is accepted and validated; failures are French messages, never a 500.
 */
export async function requestSignInFormAction(_previous: SignInFormReply | null, formData: FormData): Promise<SignInFormReply> {
  const input = {
    identifiant: typeof formData.get("identifiant") === "string" ? formData.get("identifiant") : undefined,
    retour: typeof formData.get("retour") === "string" ? formData.get("retour") : undefined,
  };
  let codeSent = false;
  try {
    const env = getEnv();
    const h = await headers();
    const reply = await requestSignIn({ db: await getDb(), siteUrl: env.SITE_URL, ip: clientIp(h), locale: preferredLocale(h) }, input);
    switch (reply.status) {
      case "code-sent":
        (await cookies()).set(attemptCookieName(env.SITE_URL), reply.attemptId, { ...cookieOptions(env.SITE_URL), maxAge: ATTEMPT_TTL_MS / 1000 });
        codeSent = true;
        break;
      case "email-sent":
        return { status: "email-sent", message: reply.message, sentTo: String(input.identifiant).trim(), attemptId: reply.attemptId };
      case "rate-limited":
        return { status: "rate-limited", message: reply.message };
      default:
        return reply;
    }
  } catch (error) {
    log.error({ scope: "auth", err: error }, "sign-in request failed");
    return { status: "error", message: userMessageOf(error) };
  }
  // Outside the try: redirect() works by throwing.
  if (codeSent) redirect("/connexion/code");
  return { status: "error", message: userMessageOf(null) };
}

export type SignInDeliveryReply = { ok: true; data: { state: "queued" | "sent" | "failed" | "unknown" } } | { ok: false; code: "VALIDATION"; error: string };

/**
 * Where the sign-in email of this attempt stands (the « Surveillez votre boîte mail » panel asks
 * every few seconds): public, by the attempt's random id, which only the requester has; it tells
 * « en cours d'envoi », « envoyé » or « n'a pas pu être envoyé », nothing about the identity.
 */
export async function signInDeliveryAction(attemptId: unknown): Promise<SignInDeliveryReply> {
  if (!attemptIdSchema.safeParse(attemptId).success) return { ok: false, code: "VALIDATION", error: "Cette demande de connexion est inconnue." };
  try {
    return { ok: true, data: { state: await signInDelivery(await getDb(), attemptId) } };
  } catch (error) {
    log.error({ scope: "auth", err: error }, "sign-in delivery state unavailable");
    return { ok: true, data: { state: "unknown" } };
  }
}
