import "server-only";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/lib/db/client";
import { rateLimits } from "@/lib/db/schema";
import { identityKey } from "./secrets";

/**
 * Sign-in limits, counted in the shared database so they hold across every instance
 * (an in-memory limiter per instance would multiply them by the number of instances).
 * - sending: 5 per identity and 20 per IP per 15 minutes (SMS pumping, mailbox flooding);
 * - verifying: 30 tries per IP per 15 minutes, on top of the 5 tries per code.
 */
export const SIGN_IN_LIMITS = {
  sendPerIdentity: { points: 5, duration: 15 * 60 },
  sendPerIp: { points: 20, duration: 15 * 60 },
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
    limiters = { sendPerIdentity: make("sendPerIdentity"), sendPerIp: make("sendPerIp"), verifyPerIp: make("verifyPerIp") };
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

/** One sign-in message to `identity` from `ip`: both limits are charged. */
export async function takeSendSlot(db: Db, identity: string, ip: string): Promise<LimitResult> {
  const limiters = limitersFor(db);
  const [byIp, byIdentity] = await Promise.all([take(limiters.sendPerIp, ip), take(limiters.sendPerIdentity, identityKey(identity))]);
  if (!byIp.ok) return byIp;
  return byIdentity;
}

/** One code or link check from `ip`. */
export async function takeVerifySlot(db: Db, ip: string): Promise<LimitResult> {
  return take(limitersFor(db).verifyPerIp, ip);
}
