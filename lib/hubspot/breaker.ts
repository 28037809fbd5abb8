/**
 * "HubSpot is known down" for this process: a circuit breaker fed by every HubSpot call's outcome
 * (call.ts) and read by the cached reads (cache.ts), so that once HubSpot is down a page read fails
 * in microseconds (and answers its last known value, if any) instead of each waiting through its
 * retries (HUBSPOT_MAX_WAIT_MS). Pure: the clock is passed in.
 *
 * - closed: calls go through; `threshold` failures in a row (HubSpot unreachable, 5xx, timeouts,
 *   after their retries) open it; any answer from HubSpot resets the count.
 * - open: `allow()` answers false for `cooldownMs`.
 * - half-open: after the cooldown one caller is let through (the probe); the others still fail fast
 *   until its outcome: an answer closes the breaker, a failure opens it for another cooldown. A probe
 *   that never reports (its caller failed before reaching HubSpot) lets another through after
 *   another cooldown.
 * The writes' outbox does not ask it (it has its own backoff); its outcomes still inform it.
 */
export interface BreakerOptions {
  threshold: number;
  cooldownMs: number;
}

export type BreakerState = "closed" | "open" | "half-open";

export interface Breaker {
  /** Whether a read may go to HubSpot now (claims the probe when half-open). */
  allow(now: number): boolean;
  success(): void;
  failure(now: number): void;
  state(now: number): BreakerState;
  /** While a probe is out: settles with its outcome (reads may wait for it a little). */
  probe(): Promise<void> | undefined;
  /** Tests. */
  reset(): void;
}

export function createBreaker(options: () => BreakerOptions): Breaker {
  let failures = 0;
  let openedAt: number | null = null;
  let probeAt: number | null = null;
  let probe: { promise: Promise<void>; settle: () => void } | undefined;
  const settleProbe = () => {
    probe?.settle();
    probe = undefined;
  };

  const state = (now: number): BreakerState => {
    if (openedAt === null) return "closed";
    return now - openedAt >= options().cooldownMs ? "half-open" : "open";
  };

  return {
    allow(now) {
      const s = state(now);
      if (s === "closed") return true;
      if (s === "open") return false;
      if (probeAt !== null && now - probeAt < options().cooldownMs) return false;
      probeAt = now;
      settleProbe();
      let settle = () => {};
      probe = { promise: new Promise<void>((resolve) => (settle = resolve)), settle };
      return true;
    },
    success() {
      failures = 0;
      openedAt = null;
      probeAt = null;
      settleProbe();
    },
    failure(now) {
      failures++;
      if (openedAt !== null || failures >= options().threshold) {
        openedAt = now;
        probeAt = null;
        settleProbe();
      }
    },
    state,
    probe: () => probe?.promise,
    reset() {
      failures = 0;
      openedAt = null;
      probeAt = null;
      settleProbe();
    },
  };
}
