import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { isErasedIdentity } from "@/lib/auth/erased-identities";
import { sessionEpochs } from "@/lib/db/schema";
import { releaseAttempt, verifyEmailToken, verifySmsCode, type VerifyResult } from "./attempts";
import { attemptIdSchema, linkTokenSchema, smsCodeSchema } from "./identity";
import type { SignInFailureCode } from "./messages";
import { takeVerifySlot } from "./rate-limit";
import { log } from "@/lib/log";

export interface VerifiedSignIn {
  contactId: string;
  channel: "email" | "sms";
  identity: string;
  callbackPath: string;
}

export type VerifySignInResult = { ok: true; user: VerifiedSignIn } | { ok: false; code: SignInFailureCode; remainingTries?: number };

export interface VerifySignInDeps {
  db: Db;
  ip: string;
  now?: () => number;
  resolveContact: (channel: "email" | "sms", identity: string) => Promise<string>;
}

export type VerifySignInInput = { channel: "email"; attemptId: unknown; token: unknown } | { channel: "sms"; attemptId: unknown; code: unknown };

/**
 * Checks a link token or an SMS code and maps the verified identity to its HubSpot contact.
 * Bad input is a plain failure, never an exception. If HubSpot cannot be reached after the
 * secret was spent, the attempt is given back so the customer can simply try again.
 */
export async function verifySignIn(deps: VerifySignInDeps, input: VerifySignInInput): Promise<VerifySignInResult> {
  const attemptId = attemptIdSchema.safeParse(input.attemptId);
  if (!attemptId.success) return { ok: false, code: "invalid" };

  const slot = await takeVerifySlot(deps.db, deps.ip);
  if (!slot.ok) return { ok: false, code: "rate-limited" };

  const now = (deps.now ?? Date.now)();
  let verified: VerifyResult;
  if (input.channel === "email") {
    const token = linkTokenSchema.safeParse(input.token);
    if (!token.success) return { ok: false, code: "invalid" };
    verified = await verifyEmailToken(deps.db, { attemptId: attemptId.data, token: token.data, now });
  } else {
    const code = smsCodeSchema.safeParse({ code: input.code });
    // A malformed code is still a wrong try: otherwise it would be a free probe of the attempt.
    verified = await verifySmsCode(deps.db, { attemptId: attemptId.data, code: code.success ? code.data.code : "x", now });
  }
  if (!verified.ok) return { ok: false, code: verified.reason, remainingTries: verified.remainingTries };
  // An erased customer's email or phone: their HubSpot contact is gone, and sign-in must not
  // quietly create a new one (lib/account/erasure.ts records them as keyed hashes).
  if (await isErasedIdentity(deps.db, verified.identity)) return { ok: false, code: "blocked" };

  let contactId: string;
  try {
    contactId = await deps.resolveContact(verified.channel, verified.identity);
  } catch (error) {
    log.error({ scope: "auth", err: error }, "contact resolution failed");
    await releaseAttempt(deps.db, verified.attemptId);
    return { ok: false, code: "unavailable" };
  }
  const [epoch] = await deps.db
    .select({ blocked: sessionEpochs.signInBlocked })
    .from(sessionEpochs)
    .where(eq(sessionEpochs.contactId, contactId))
    .limit(1);
  if (epoch?.blocked) return { ok: false, code: "blocked" };
  return { ok: true, user: { contactId, channel: verified.channel, identity: verified.identity, callbackPath: verified.callbackPath } };
}
