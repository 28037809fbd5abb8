import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";
import { identityKey } from "./secrets";

/**
 * Sign-in limits, counted in the shared database so they hold across every instance
 * (an in-memory limiter per instance would multiply them by the number of instances).
 * - requests per client address: 20 per 15 minutes, answered « Trop de demandes » (it is the
 *   requester's own limit and says nothing about the identity);
 * - messages per identity (SMS pumping, mailbox flooding): at most 3 an hour to one identity for
 *   one client address, and 10 an hour to one identity in all. Past them the request is answered
 *   exactly as if the message had gone (no enumeration, no signal to the flooder) and nothing is
 *   sent. A stranger's burst from one address spends 3 of the owner's 10, so the owner, from their
 *   own address, still gets a link or a code; only a burst spread over 4+ addresses can silence an
 *   identity, for at most an hour. Links and codes already sent stay valid whatever is asked after
 *   them: nobody can lock a customer out of the one they hold.
 * - verifying: 30 tries per client address per 15 minutes, on top of the 5 tries per code.
 */
export const SIGN_IN_LIMITS = {
  sendPerIp: { points: 20, duration: 15 * 60 },
  sendPerIdentityFromIp: { points: 3, duration: 60 * 60 },
  sendPerIdentity: { points: 10, duration: 60 * 60 },
  verifyPerIp: { points: 30, duration: 15 * 60 },
} as const;

type LimiterName = keyof typeof SIGN_IN_LIMITS;
type Limiters = Record<LimiterName, RateLimiterDrizzle>;

const byDb = new WeakMap<Db, Limiters>();

function limitersFor(db: Db): Limiters {
  let limiters = byDb.get(db);
  if (!limiters) {
    const make = (name: LimiterName) =>
      new RateLimiterDrizzle({
        storeClient: db,
        schema: rateLimits,
        keyPrefix: `sign-in:${name}`,
        ...SIGN_IN_LIMITS[name],
        // No background timer (it would keep test and script processes alive); expired rows are
        // reused in place by the upsert, and pruneRateLimits() deletes the rest.
        clearExpiredByTimeout: false,
      });
    limiters = {
      sendPerIp: make("sendPerIp"),
      sendPerIdentityFromIp: make("sendPerIdentityFromIp"),
      sendPerIdentity: make("sendPerIdentity"),
      verifyPerIp: make("verifyPerIp"),
    };
    byDb.set(db, limiters);
  }
  return limiters;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

async function take(limiter: RateLimiterDrizzle, key: string): Promise<LimitResult> {
  try {
    await limiter.consume(key, 1);
    return { ok: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    throw error;
  }
}

/** What a sign-in request may do: be refused (the client's own limit), or go on and send or not. */
export type SendSlot = { ok: false; retryAfterSeconds: number } | { ok: true; send: boolean };

/**
 * One sign-in request for `identity` from `ip`. The client's limit is charged first (a refused
 * request charges nothing else); then the identity's limit for this address, and only if that one
 * allows it, the identity's overall limit, so a flooder at one address cannot spend the rest.
 */
export async function takeSendSlot(db: Db, identity: string, ip: string): Promise<SendSlot> {
  const limiters = limitersFor(db);
  const byIp = await take(limiters.sendPerIp, ip);
  if (!byIp.ok) return byIp;
  const who = identityKey(identity);
  const fromThisIp = await take(limiters.sendPerIdentityFromIp, `${who}:${ip}`);
  if (!fromThisIp.ok) return { ok: true, send: false };
  const overall = await take(limiters.sendPerIdentity, who);
  return { ok: true, send: overall.ok };
}

/** One code or link check from `ip`. */
export async function takeVerifySlot(db: Db, ip: string): Promise<LimitResult> {
  return take(limitersFor(db).verifyPerIp, ip);
}
