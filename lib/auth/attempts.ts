import "server-only";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { signInAttempts } from "@/lib/db/schema";
import { hashLinkToken, hashSmsCode, linkTokenMatches, newAttemptId, newLinkToken, newSmsCode, smsCodeMatches } from "./secrets";

/** Links and codes live 10 minutes (ASVS 6.5.5). */
export const ATTEMPT_TTL_MS = 10 * 60 * 1000;
/** After 5 wrong codes the attempt is dead: the 6th try fails even with the right code. */
export const MAX_CODE_TRIES = 5;

export interface NewAttempt {
  identity: string;
  callbackPath: string;
  ip: string | null;
  now: number;
}

/** Inserts an email-link attempt (inside the caller's transaction); only the token's hash is stored. */
export async function createEmailAttempt(tx: Db, input: NewAttempt): Promise<{ attemptId: string; token: string }> {
  const attemptId = newAttemptId();
  const token = newLinkToken();
  await tx.insert(signInAttempts).values({
    id: attemptId,
    channel: "email",
    identity: input.identity,
    secretHash: hashLinkToken(token),
    callbackPath: input.callbackPath,
    requestIp: input.ip,
    createdAt: new Date(input.now),
    expiresAt: new Date(input.now + ATTEMPT_TTL_MS),
  });
  return { attemptId, token };
}

/** Inserts an SMS-code attempt; the code is kept only as a salted scrypt hash. */
export async function createSmsAttempt(tx: Db, input: NewAttempt, codeHash: string): Promise<{ attemptId: string }> {
  const attemptId = newAttemptId();
  await tx.insert(signInAttempts).values({
    id: attemptId,
    channel: "sms",
    identity: input.identity,
    secretHash: codeHash,
    callbackPath: input.callbackPath,
    requestIp: input.ip,
    createdAt: new Date(input.now),
    expiresAt: new Date(input.now + ATTEMPT_TTL_MS),
  });
  return { attemptId };
}

/** A fresh code and its hash (hashing is slow: do it before opening a transaction). */
export async function newHashedSmsCode(): Promise<{ code: string; hash: string }> {
  const code = newSmsCode();
  return { code, hash: await hashSmsCode(code) };
}

export type VerifyFailure = "invalid" | "expired" | "used" | "locked" | "wrong-code";
export type VerifyResult =
  | { ok: true; attemptId: string; channel: "email" | "sms"; identity: string; callbackPath: string }
  | { ok: false; reason: VerifyFailure; remainingTries?: number };

type AttemptRow = typeof signInAttempts.$inferSelect;

function classify(row: AttemptRow | undefined, now: number): VerifyFailure | null {
  if (!row) return "invalid";
  if (row.consumedAt) return "used";
  if (row.expiresAt.getTime() <= now) return "expired";
  return null;
}

async function load(db: Db, attemptId: string): Promise<AttemptRow | undefined> {
  const [row] = await db.select().from(signInAttempts).where(eq(signInAttempts.id, attemptId)).limit(1);
  return row;
}

/**
 * Spends an email-link token: valid, not expired, not used. The spend is one conditional UPDATE,
 * so two clicks racing each other cannot both succeed.
 */
export async function verifyEmailToken(db: Db, input: { attemptId: string; token: string; now: number }): Promise<VerifyResult> {
  const row = await load(db, input.attemptId);
  if (!row || row.channel !== "email" || !linkTokenMatches(input.token, row.secretHash)) return { ok: false, reason: "invalid" };
  const failure = classify(row, input.now);
  if (failure) return { ok: false, reason: failure };
  const [spent] = await db
    .update(signInAttempts)
    .set({ consumedAt: new Date(input.now) })
    .where(and(eq(signInAttempts.id, row.id), isNull(signInAttempts.consumedAt), gt(signInAttempts.expiresAt, new Date(input.now))))
    .returning({ id: signInAttempts.id });
  if (!spent) return { ok: false, reason: "used" };
  return { ok: true, attemptId: row.id, channel: "email", identity: row.identity, callbackPath: row.callbackPath ?? "/" };
}

/**
 * Checks an SMS code. A try is reserved (counted) before the code is compared, in one conditional
 * UPDATE, so parallel guesses cannot exceed 5; a right code gives its try back and spends the
 * attempt. After 5 wrong tries every try fails, the right code included.
 */
export async function verifySmsCode(db: Db, input: { attemptId: string; code: string; now: number }): Promise<VerifyResult> {
  const at = new Date(input.now);
  const [reserved] = await db
    .update(signInAttempts)
    .set({ failedTries: sql`${signInAttempts.failedTries} + 1` })
    .where(
      and(
        eq(signInAttempts.id, input.attemptId),
        eq(signInAttempts.channel, "sms"),
        isNull(signInAttempts.consumedAt),
        gt(signInAttempts.expiresAt, at),
        lt(signInAttempts.failedTries, MAX_CODE_TRIES),
      ),
    )
    .returning();
  if (!reserved) {
    const row = await load(db, input.attemptId);
    if (!row || row.channel !== "sms") return { ok: false, reason: "invalid" };
    const failure = classify(row, input.now);
    if (failure) return { ok: false, reason: failure };
    return { ok: false, reason: "locked", remainingTries: 0 };
  }
  if (!(await smsCodeMatches(input.code, reserved.secretHash))) {
    const remainingTries = Math.max(0, MAX_CODE_TRIES - reserved.failedTries);
    return { ok: false, reason: remainingTries === 0 ? "locked" : "wrong-code", remainingTries };
  }
  const [spent] = await db
    .update(signInAttempts)
    .set({ consumedAt: at, failedTries: sql`${signInAttempts.failedTries} - 1` })
    .where(and(eq(signInAttempts.id, reserved.id), isNull(signInAttempts.consumedAt)))
    .returning({ id: signInAttempts.id });
  if (!spent) return { ok: false, reason: "used" };
  return { ok: true, attemptId: reserved.id, channel: "sms", identity: reserved.identity, callbackPath: reserved.callbackPath ?? "/" };
}

/** Gives a spent attempt back when sign-in could not finish for a reason not the customer's (HubSpot down). */
export async function releaseAttempt(db: Db, attemptId: string): Promise<void> {
  await db.update(signInAttempts).set({ consumedAt: null }).where(eq(signInAttempts.id, attemptId));
}

/** Remaining code tries of a live SMS attempt, for the code page (null: no live attempt). */
export async function describeSmsAttempt(
  db: Db,
  attemptId: string,
  now: number,
): Promise<{ identity: string; remainingTries: number; expiresAt: number; callbackPath: string; state: "live" | VerifyFailure } | null> {
  const row = await load(db, attemptId);
  if (!row || row.channel !== "sms") return null;
  const failure = classify(row, now);
  const remainingTries = Math.max(0, MAX_CODE_TRIES - row.failedTries);
  return {
    identity: row.identity,
    remainingTries,
    expiresAt: row.expiresAt.getTime(),
    callbackPath: row.callbackPath ?? "/",
    state: failure ?? (remainingTries === 0 ? "locked" : "live"),
  };
}

/** Housekeeping: attempts are kept a day after expiry (abuse investigation), then deleted. */
export async function pruneAttempts(db: Db, now: number): Promise<void> {
  await db.delete(signInAttempts).where(lt(signInAttempts.expiresAt, new Date(now - 24 * 60 * 60 * 1000)));
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
  if (!row || row.channel !== "email" || !linkTokenMatches(token, row.secretHash)) return null;
  return { state: classify(row, now) ?? "live", callbackPath: row.callbackPath ?? "/" };
}
