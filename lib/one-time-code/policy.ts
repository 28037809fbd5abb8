import "server-only";

/**
 * The rules of a kind of one-time code, and what follows from them at an instant `now` (epoch ms,
 * always passed in: nothing here reads the clock).
 */
export interface CodePolicy {
  /** How long a code can be used after it is issued. */
  ttlMs: number;
  /** Wrong tries allowed; the next try fails even with the right code. */
  maxTries: number;
  /** Codes issued per recipient and hour (each one costs an SMS or an email). */
  maxIssuedPerHour?: number;
  /** Minimum gap between two codes to the same recipient. */
  resendAfterMs?: number;
}

/** 10 minutes (ASVS 6.5.5) and 5 tries: the rule of every code the portal sends today. */
export const STANDARD_CODE_POLICY = { ttlMs: 10 * 60_000, maxTries: 5 } as const satisfies CodePolicy;

export const HOUR_MS = 60 * 60_000;

/** A stored code, as the rules see it (each table names these columns its own way). */
export interface CodeRecord {
  /** Null once a code is cleared (a spent quote-signing code). */
  hash: string | null;
  tries: number;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

export type CodeState = "live" | "used" | "expired" | "locked";

/** Spent first, then expired, then out of tries. */
export function codeState(policy: CodePolicy, code: CodeRecord, now: number): CodeState {
  if (code.consumedAt || code.hash === null) return "used";
  if (!code.expiresAt || code.expiresAt.getTime() <= now) return "expired";
  return remainingTries(policy, code) === 0 ? "locked" : "live";
}

export function remainingTries(policy: CodePolicy, code: Pick<CodeRecord, "tries">): number {
  return Math.max(0, policy.maxTries - code.tries);
}

export function codeExpiry(policy: CodePolicy, now: number): Date {
  return new Date(now + policy.ttlMs);
}

/**
 * The hourly limit kept as a counter on one row (a table that keeps one live code per recipient,
 * overwritten by the next): the window opens with the first code and lasts an hour.
 */
export interface IssueWindow {
  windowStart: Date | null;
  /** Codes issued since windowStart. */
  issued: number;
  lastIssuedAt: Date | null;
}

export type IssueVerdict = { ok: true; windowStart: Date; issued: number } | { ok: false; reason: "hourly-limit" | "too-soon" };

/** Whether one more code may go out now, and the counter to store with it. */
export function nextIssueWindow(policy: CodePolicy, previous: IssueWindow, now: number): IssueVerdict {
  const open = previous.windowStart !== null && now - previous.windowStart.getTime() < HOUR_MS;
  const issued = open ? previous.issued : 0;
  if (policy.maxIssuedPerHour !== undefined && issued >= policy.maxIssuedPerHour) return { ok: false, reason: "hourly-limit" };
  if (policy.resendAfterMs !== undefined && previous.lastIssuedAt && now - previous.lastIssuedAt.getTime() < policy.resendAfterMs) {
    return { ok: false, reason: "too-soon" };
  }
  return { ok: true, windowStart: open ? previous.windowStart! : new Date(now), issued: issued + 1 };
}
