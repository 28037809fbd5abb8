import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { signInAttempts } from "@/lib/db/schema";
import {
  STANDARD_CODE_POLICY,
  checkCode,
  codeExpiry,
  codeMatches,
  defineCodeStore,
  digitCodes,
  issueCode,
  linkTokens,
  newCodeId,
  pruneCodes,
  remainingTries,
  spendCode,
  stateOf,
  unspendCode,
} from "@/lib/one-time-code";

/** Links and codes live 10 minutes (ASVS 6.5.5). */
export const ATTEMPT_TTL_MS = STANDARD_CODE_POLICY.ttlMs;
/** After 5 wrong codes the attempt is dead: the 6th try fails even with the right code. */
export const MAX_CODE_TRIES = STANDARD_CODE_POLICY.maxTries;

// One table, two kinds of secret: the row's channel says which ("email": a link token, "sms": a code).
const fields = { hash: "secretHash", tries: "failedTries", expiresAt: "expiresAt", consumedAt: "consumedAt", issuedAt: "createdAt" } as const;
const emailLinks = defineCodeStore({ table: signInAttempts, fields, scheme: linkTokens, policy: STANDARD_CODE_POLICY });
const smsCodes = defineCodeStore({ table: signInAttempts, fields, scheme: digitCodes, policy: STANDARD_CODE_POLICY });

export interface NewAttempt {
  identity: string;
  callbackPath: string;
  ip: string | null;
  now: number;
}

/** Inserts an email-link attempt (inside the caller's transaction); only the token's hash is stored. */
export async function createEmailAttempt(tx: Db, input: NewAttempt): Promise<{ attemptId: string; token: string }> {
  const attemptId = newCodeId();
  const link = await issueCode(emailLinks, input.now);
  await tx.insert(signInAttempts).values({
    id: attemptId,
    channel: "email",
    identity: input.identity,
    secretHash: link.hash,
    callbackPath: input.callbackPath,
    requestIp: input.ip,
    createdAt: new Date(input.now),
    expiresAt: link.expiresAt,
  });
  return { attemptId, token: link.secret };
}

/** Inserts an SMS-code attempt; the code is kept only as a salted scrypt hash. */
export async function createSmsAttempt(tx: Db, input: NewAttempt, codeHash: string): Promise<{ attemptId: string }> {
  const attemptId = newCodeId();
  await tx.insert(signInAttempts).values({
    id: attemptId,
    channel: "sms",
    identity: input.identity,
    secretHash: codeHash,
    callbackPath: input.callbackPath,
    requestIp: input.ip,
    createdAt: new Date(input.now),
    expiresAt: codeExpiry(smsCodes.policy, input.now),
  });
  return { attemptId };
}

/** A fresh code and its hash (hashing is slow: do it before opening a transaction). */
export async function newHashedSmsCode(): Promise<{ code: string; hash: string }> {
  const code = digitCodes.generate();
  return { code, hash: await digitCodes.hash(code) };
}

export type VerifyFailure = "invalid" | "expired" | "used" | "locked" | "wrong-code";
export type VerifyResult =
  | { ok: true; attemptId: string; channel: "email" | "sms"; identity: string; callbackPath: string }
  | { ok: false; reason: VerifyFailure; remainingTries?: number };

async function load(db: Db, attemptId: string) {
  const [row] = await db.select().from(signInAttempts).where(eq(signInAttempts.id, attemptId)).limit(1);
  return row;
}

/**
 * Spends an email-link token: valid, not expired, not used. The spend is one conditional UPDATE,
 * so two clicks racing each other cannot both succeed.
 */
export async function verifyEmailToken(db: Db, input: { attemptId: string; token: string; now: number }): Promise<VerifyResult> {
  const row = await load(db, input.attemptId);
  if (!row || row.channel !== "email" || !(await codeMatches(emailLinks, row, input.token))) return { ok: false, reason: "invalid" };
  const state = stateOf(emailLinks, row, input.now);
  if (state !== "live") return { ok: false, reason: state };
  if (!(await spendCode(db, emailLinks, { where: eq(signInAttempts.id, row.id), now: input.now }))) return { ok: false, reason: "used" };
  return { ok: true, attemptId: row.id, channel: "email", identity: row.identity, callbackPath: row.callbackPath ?? "/" };
}

/**
 * Checks an SMS code. A try is reserved (counted) before the code is compared, in one conditional
 * UPDATE, so parallel guesses cannot exceed 5; a right code gives its try back and spends the
 * attempt. After 5 wrong tries every try fails, the right code included.
 */
export async function verifySmsCode(db: Db, input: { attemptId: string; code: string; now: number }): Promise<VerifyResult> {
  const where = and(eq(signInAttempts.id, input.attemptId), eq(signInAttempts.channel, "sms"));
  const check = await checkCode(db, smsCodes, { where, secret: input.code, now: input.now });
  if (check.status === "not-live") {
    const row = await load(db, input.attemptId);
    if (!row || row.channel !== "sms") return { ok: false, reason: "invalid" };
    const state = stateOf(smsCodes, row, input.now);
    if (state === "used" || state === "expired") return { ok: false, reason: state };
    return { ok: false, reason: "locked", remainingTries: 0 };
  }
  if (check.status === "wrong") return { ok: false, reason: check.remainingTries === 0 ? "locked" : "wrong-code", remainingTries: check.remainingTries };
  const { row } = check;
  if (!(await spendCode(db, smsCodes, { where: eq(signInAttempts.id, row.id), now: input.now, giveTryBack: true }))) return { ok: false, reason: "used" };
  return { ok: true, attemptId: row.id, channel: "sms", identity: row.identity, callbackPath: row.callbackPath ?? "/" };
}

/** Gives a spent attempt back when sign-in could not finish for a reason not the customer's (HubSpot down). */
export async function releaseAttempt(db: Db, attemptId: string): Promise<void> {
  await unspendCode(db, smsCodes, eq(signInAttempts.id, attemptId));
}

/** Remaining code tries of a live SMS attempt, for the code page (null: no live attempt). */
export async function describeSmsAttempt(
  db: Db,
  attemptId: string,
  now: number,
): Promise<{ identity: string; remainingTries: number; expiresAt: number; callbackPath: string; state: "live" | VerifyFailure } | null> {
  const row = await load(db, attemptId);
  if (!row || row.channel !== "sms") return null;
  return {
    identity: row.identity,
    remainingTries: remainingTries(smsCodes.policy, { tries: row.failedTries }),
    expiresAt: row.expiresAt.getTime(),
    callbackPath: row.callbackPath ?? "/",
    state: stateOf(smsCodes, row, now),
  };
}

/** Housekeeping: attempts (both channels) are kept a day after expiry (abuse investigation), then deleted. */
export async function pruneAttempts(db: Db, now: number): Promise<void> {
  await pruneCodes(db, smsCodes, now, 24 * 60 * 60 * 1000);
}

/**
 * State of an email link without spending it (the confirmation page's GET): mail scanners that
 * open the link learn nothing and spend nothing. Null when the id or token do not match.
 */
export async function describeEmailAttempt(
  db: Db,
  attemptId: string,
  token: string,
  now: number,
): Promise<{ state: "live" | VerifyFailure; callbackPath: string } | null> {
  const row = await load(db, attemptId);
  if (!row || row.channel !== "email" || !(await codeMatches(emailLinks, row, token))) return null;
  return { state: stateOf(emailLinks, row, now), callbackPath: row.callbackPath ?? "/" };
}
