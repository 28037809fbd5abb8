import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accountVerifications } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import {
  STANDARD_CODE_POLICY,
  checkCode,
  codeExpiry,
  defineCodeStore,
  digitCodes,
  hourlyLimitReached,
  newCodeId,
  pruneCodes,
  spendCode as spendStoredCode,
  stateOf,
  unspentAt,
} from "@/lib/one-time-code";

/**
 * Codes that confirm an account action (a new email or phone, an erasure). Same rules as sign-in
 * codes (lib/one-time-code): 6 digits, only a scrypt hash stored, 10 minutes, 5 tries reserved
 * by a conditional UPDATE before comparing (parallel guesses cannot exceed 5), single use.
 */
export type VerificationPurpose = "email-change" | "phone-change" | "erasure";

export const CODE_TTL_MS = STANDARD_CODE_POLICY.ttlMs;
export const MAX_TRIES = STANDARD_CODE_POLICY.maxTries;
/** Codes sent per contact and hour, all purposes together (they cost an email or an SMS each). */
export const MAX_CODES_PER_HOUR = 5;

const accountCodes = defineCodeStore({
  table: accountVerifications,
  fields: { hash: "codeHash", tries: "failedTries", expiresAt: "expiresAt", consumedAt: "consumedAt", issuedAt: "createdAt" },
  scheme: digitCodes,
  policy: { ...STANDARD_CODE_POLICY, maxIssuedPerHour: MAX_CODES_PER_HOUR },
});

export async function newCode(): Promise<{ code: string; hash: string }> {
  const code = digitCodes.generate();
  return { code, hash: await digitCodes.hash(code) };
}

export async function assertCanSendCode(db: Db, contactId: string, now: number): Promise<void> {
  if (await hourlyLimitReached(db, accountCodes, eq(accountVerifications.contactId, contactId), now)) {
    throw new AppError("RATE_LIMITED", `account codes: ${contactId} over ${MAX_CODES_PER_HOUR}/h`, {
      userMessage: "Trop de codes envoyés. Merci de réessayer dans une heure.",
    });
  }
}

/** Inserts a verification (inside the caller's transaction); a new one replaces older live ones of the same purpose. */
export async function insertVerification(
  tx: Db,
  input: { contactId: string; purpose: VerificationPurpose; channel: "email" | "sms"; target: string; codeHash: string; now: number },
): Promise<string> {
  const id = newCodeId();
  await tx
    .update(accountVerifications)
    .set({ consumedAt: new Date(input.now) })
    .where(and(eq(accountVerifications.contactId, input.contactId), eq(accountVerifications.purpose, input.purpose), isNull(accountVerifications.consumedAt)));
  await tx.insert(accountVerifications).values({
    id,
    contactId: input.contactId,
    purpose: input.purpose,
    channel: input.channel,
    target: input.target,
    codeHash: input.codeHash,
    createdAt: new Date(input.now),
    expiresAt: codeExpiry(accountCodes.policy, input.now),
  });
  return id;
}

export type CodeCheck = { ok: true; target: string; channel: "email" | "sms" } | { ok: false; error: AppError };

const messages = {
  unknown: "Cette demande est inconnue ou a expiré. Demandez un nouveau code.",
  locked: "Trop d'essais. Demandez un nouveau code.",
} as const;

/**
 * Checks and spends a code of this contact and purpose. The verification must belong to
 * `contactId`: another customer's verification id is simply unknown.
 */
export async function spendCode(
  db: Db,
  input: { contactId: string; purpose: VerificationPurpose; verificationId: string; code: string; now: number },
): Promise<CodeCheck> {
  const own = and(
    eq(accountVerifications.id, input.verificationId),
    eq(accountVerifications.contactId, input.contactId),
    eq(accountVerifications.purpose, input.purpose),
  );
  const check = await checkCode(db, accountCodes, { where: own, secret: input.code, now: input.now });
  if (check.status === "not-live") {
    const [row] = await db.select().from(accountVerifications).where(own).limit(1);
    const state = row ? stateOf(accountCodes, row, input.now) : null;
    const locked = state === "locked" || state === "live";
    return { ok: false, error: new AppError("VALIDATION", "account code: no live verification", { userMessage: locked ? messages.locked : messages.unknown }) };
  }
  if (check.status === "wrong") {
    const left = check.remainingTries;
    const userMessage = left === 0 ? messages.locked : `Code incorrect. Il vous reste ${left} essai${left > 1 ? "s" : ""}.`;
    return { ok: false, error: new AppError("VALIDATION", "account code: wrong code", { userMessage, details: { remainingTries: left } }) };
  }
  const { row } = check;
  if (!(await spendStoredCode(db, accountCodes, { where: eq(accountVerifications.id, row.id), now: input.now }))) {
    return { ok: false, error: new AppError("VALIDATION", "account code: already used", { userMessage: messages.unknown }) };
  }
  return { ok: true, target: row.target, channel: row.channel as "email" | "sms" };
}

/** Live (unspent, unexpired) verifications of a contact, newest first: the page shows "code sent to …". */
export async function liveVerifications(db: Db, contactId: string, now: number) {
  return db
    .select({ id: accountVerifications.id, purpose: accountVerifications.purpose, channel: accountVerifications.channel, target: accountVerifications.target, expiresAt: accountVerifications.expiresAt })
    .from(accountVerifications)
    .where(and(eq(accountVerifications.contactId, contactId), unspentAt(accountCodes, now)))
    .orderBy(sql`${accountVerifications.createdAt} desc`);
}

/** Housekeeping: spent or expired codes are kept a day (abuse investigation), then deleted with their target. */
export async function pruneVerifications(db: Db, now: number): Promise<void> {
  await pruneCodes(db, accountCodes, now, 24 * 60 * 60 * 1000);
}
