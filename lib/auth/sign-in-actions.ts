"use server";
import "server-only";
import { cookies, headers } from "next/headers";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { userMessageOf } from "@/lib/errors";
import { ATTEMPT_TTL_MS } from "./attempts";
import { attemptCookieName, cookieOptions } from "./cookies";
import { clientIp, preferredLocale } from "./request-context";
import { requestSignIn } from "./request-sign-in";

/** What the /connexion form receives (the attempt id stays in an HttpOnly cookie). */
export type SignInFormReply =
  | { status: "email-sent" | "code-sent"; message: string }
  | { status: "invalid"; message: string; fieldErrors: Record<string, string> }
  | { status: "rate-limited" | "error"; message: string };

/** Sends a sign-in link or code. Any input is accepted and validated; failures are French messages. */
export async function requestSignInAction(input: unknown): Promise<SignInFormReply> {
  try {
    const env = getEnv();
    const h = await headers();
    const reply = await requestSignIn({ db: await getDb(), siteUrl: env.SITE_URL, ip: clientIp(h), locale: preferredLocale(h) }, input);
    if (reply.status === "code-sent") {
      (await cookies()).set(attemptCookieName(env.SITE_URL), reply.attemptId, { ...cookieOptions(env.SITE_URL), maxAge: ATTEMPT_TTL_MS / 1000 });
      return { status: "code-sent", message: reply.message };
    }
    if (reply.status === "rate-limited") return { status: "rate-limited", message: reply.message };
    return reply;
  } catch (error) {
    console.error("[auth] sign-in request failed", error);
    return { status: "error", message: userMessageOf(error) };
  }
}
