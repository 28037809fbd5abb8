import "server-only";
import { cookies } from "next/headers";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { describeEmailAttempt, describeSmsAttempt } from "./attempts";
import { attemptCookieName } from "./cookies";
import { attemptIdSchema, linkTokenSchema } from "./identity";
import { signInDelivery } from "./request-sign-in";

/** Data for the sign-in pages (server components), so they hold no rule themselves. */

export type LinkPageState =
  | { state: "live"; attemptId: string; token: string; callbackPath: string }
  | { state: "expired" | "used" | "invalid"; callbackPath: string };

export async function loadLinkPage(params: { attempt?: unknown; token?: unknown }): Promise<LinkPageState> {
  const attemptId = attemptIdSchema.safeParse(params.attempt);
  const token = linkTokenSchema.safeParse(params.token);
  if (!attemptId.success || !token.success) return { state: "invalid", callbackPath: "/" };
  const found = await describeEmailAttempt(await getDb(), attemptId.data, token.data, Date.now());
  if (!found) return { state: "invalid", callbackPath: "/" };
  if (found.state === "live") return { state: "live", attemptId: attemptId.data, token: token.data, callbackPath: found.callbackPath };
  return { state: found.state === "expired" ? "expired" : found.state === "used" ? "used" : "invalid", callbackPath: found.callbackPath };
}

export type CodePageState =
  | { state: "live"; maskedPhone: string; remainingTries: number; minutesLeft: number; callbackPath: string; delivery: "queued" | "sent" | "failed" | "unknown" }
  | { state: "none" | "expired" | "used" | "locked"; callbackPath: string };

/** "+33612345678" → "06 •• •• •• 78": enough to recognise one's number on a shared screen. */
export function maskPhone(e164: string): string {
  const fr = /^\+33(\d)(\d{6})(\d{2})$/.exec(e164);
  if (fr) return `0${fr[1]} •• •• •• ${fr[3]}`;
  return `${e164.slice(0, 3)} ••• ${e164.slice(-2)}`;
}

export async function loadCodePage(): Promise<CodePageState> {
  const raw = (await cookies()).get(attemptCookieName(getEnv().SITE_URL))?.value;
  const attemptId = attemptIdSchema.safeParse(raw);
  if (!attemptId.success) return { state: "none", callbackPath: "/" };
  const db = await getDb();
  const now = Date.now();
  const found = await describeSmsAttempt(db, attemptId.data, now);
  if (!found) return { state: "none", callbackPath: "/" };
  if (found.state === "live")
    return {
      state: "live",
      maskedPhone: maskPhone(found.identity),
      remainingTries: found.remainingTries,
      minutesLeft: Math.max(1, Math.round((found.expiresAt - now) / 60_000)),
      callbackPath: found.callbackPath,
      delivery: await signInDelivery(db, attemptId.data),
    };
  const state = found.state === "expired" || found.state === "used" || found.state === "locked" ? found.state : "none";
  return { state, callbackPath: found.callbackPath };
}
