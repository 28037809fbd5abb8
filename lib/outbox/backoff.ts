/**
 * Exponential backoff with full jitter (AWS "Exponential Backoff and Jitter"): the delay before
 * retry n is uniform in [0, min(cap, base·2^(n-1))], so instances that failed together do not
 * retry together. A small floor keeps a failing provider from being hammered in a loop.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  floorMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 30 * 60_000, floorMs: 250 };

export function retryDelayMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.max(policy.floorMs, Math.floor(random() * exp));
}
