import "server-only";
import { and, count, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { accountVerifications } from "@/lib/db/schema";
import { hashSmsCode, newAttemptId, newSmsCode, smsCodeMatches } from "@/lib/auth/secrets";
import { AppError } from "@/lib/errors";

/**
 * Codes that confirm an account action (a new email or phone, an erasure). Same rules as sign-in
 * codes (lib/auth/attempts.ts): 6 digits, only a scrypt hash stored, 10 minutes, 5 tries reserved
 * by a conditional UPDATE before comparing (parallel guesses cannot exceed 5), single use.
 */
export type VerificationPurpose = "email-change" | "phone-change" | "erasure";

export const CODE_TTL_MS = 10 * 60 * 1000;
export const MAX_TRIES = 5;
/** Codes sent per contact and hour, all purposes together (they cost an email or an SMS each). */
export const MAX_CODES_PER_HOUR = 5;

export async function newCode(): Promise<{ code: string; hash: string }> {
  const code = newSmsCode();
  return { code, hash: await hashSmsCode(code) };
}

export async function assertCanSendCode(db: Db, contactId: string, now: number): Promise<void> {
  const [row] = await db
    .select({ n: count() })
    .from(accountVerifications)
    .where(and(eq(accountVerifications.contactId, contactId), gt(accountVerifications.createdAt, new Date(now - 60 * 60 * 1000))));
  if ((row?.n ?? 0) >= MAX_CODES_PER_HOUR) {
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
  const id = newAttemptId();
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
    expiresAt: new Date(input.now + CODE_TTL_MS),
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
  const at = new Date(input.now);
  const own = and(
    eq(accountVerifications.id, input.verificationId),
    eq(accountVerifications.contactId, input.contactId),
    eq(accountVerifications.purpose, input.purpose),
  );
  const [reserved] = await db
    .update(accountVerifications)
    .set({ failedTries: sql`${accountVerifications.failedTries} + 1` })
    .where(and(own, isNull(accountVerifications.consumedAt), gt(accountVerifications.expiresAt, at), lt(accountVerifications.failedTries, MAX_TRIES)))
    .returning();
  if (!reserved) {
    const [row] = await db.select().from(accountVerifications).where(own).limit(1);
    const locked = row && !row.consumedAt && row.expiresAt.getTime() > input.now;
    return { ok: false, error: new AppError("VALIDATION", "account code: no live verification", { userMessage: locked ? messages.locked : messages.unknown }) };
  }
  if (!(await smsCodeMatches(input.code, reserved.codeHash))) {
    const left = Math.max(0, MAX_TRIES - reserved.failedTries);
    const userMessage = left === 0 ? messages.locked : `Code incorrect. Il vous reste ${left} essai${left > 1 ? "s" : ""}.`;
    return { ok: false, error: new AppError("VALIDATION", "account code: wrong code", { userMessage, details: { remainingTries: left } }) };
  }
  const [spent] = await db
    .update(accountVerifications)
    .set({ consumedAt: at })
    .where(and(eq(accountVerifications.id, reserved.id), isNull(accountVerifications.consumedAt)))
    .returning({ id: accountVerifications.id });
  if (!spent) return { ok: false, error: new AppError("VALIDATION", "account code: already used", { userMessage: messages.unknown }) };
  return { ok: true, target: reserved.target, channel: reserved.channel as "email" | "sms" };
}

/** Live (unspent, unexpired) verifications of a contact, newest first: the page shows "code sent to …". */
export async function liveVerifications(db: Db, contactId: string, now: number) {
  return db
    .select({ id: accountVerifications.id, purpose: accountVerifications.purpose, channel: accountVerifications.channel, target: accountVerifications.target, expiresAt: accountVerifications.expiresAt })
    .from(accountVerifications)
    .where(and(eq(accountVerifications.contactId, contactId), isNull(accountVerifications.consumedAt), gt(accountVerifications.expiresAt, new Date(now))))
    .orderBy(sql`${accountVerifications.createdAt} desc`);
}

/** Housekeeping: spent or expired codes are kept a day (abuse investigation), then deleted with their target. */
export async function pruneVerifications(db: Db, now: number): Promise<void> {
  await db.delete(accountVerifications).where(lt(accountVerifications.expiresAt, new Date(now - 24 * 60 * 60 * 1000)));
}
