import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { currentDb } from "@/lib/db/current";
import { getEnv } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { processSingleton } from "@/lib/process/singleton";
import { traced } from "@/lib/telemetry";
import { metrics as portalMetrics } from "@/lib/telemetry/metrics";
import { createBreaker, type BreakerState } from "./breaker";
import { acquireBudget, type BudgetKind } from "./budget";

/**
 * Every HubSpot request goes through `hubspotCall`: it takes a slot in the shared budget, runs the
 * request with a per-attempt timeout, and retries 429 / 5xx / network errors / timeouts with
 * exponential backoff and full jitter, never letting the customer wait longer than
 * HUBSPOT_MAX_WAIT_MS on HubSpot itself. Queueing for the first budget slot (we pace ourselves,
 * HubSpot is fine) may take up to HUBSPOT_BUDGET_WAIT_MS, after which one full attempt is still
 * allowed. Other 4xx are not retried (404 → NOT_FOUND).
 */

/** An HTTP error answered by HubSpot (thrown by our raw requests; the SDK throws ApiException). */
export class HubSpotHttpError extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HubSpot answered HTTP ${code}`);
    this.name = "HubSpotHttpError";
  }
}

export class HubSpotTimeoutError extends Error {
  constructor(ms: number) {
    super(`HubSpot did not answer within ${ms} ms`);
    this.name = "HubSpotTimeoutError";
  }
}

export interface CallTuning {
  /** Total time a caller may spend on attempts and backoff (and on the budget, for retries). */
  maxWaitMs: number;
  /**
   * How long the first attempt may queue for a budget slot. Once granted, the call keeps at least
   * one full attempt even when the queue took longer than maxWaitMs.
   */
  budgetWaitMs: number;
  /** Upper bound of one attempt (a hung HubSpot must leave room for a retry). */
  attemptTimeoutMs: number;
  /** Backoff: full jitter in [0, min(maxDelayMs, baseDelayMs × 2^retry)]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Replaceable in tests. */
  acquire: (kind: BudgetKind, deadline: number) => Promise<void>;
  /** Readies what `acquire` needs (opening the database) before the customer's wait starts. */
  prepare: () => Promise<unknown>;
  random: () => number;
  /** The clock the deadlines are read from (replaceable in tests). */
  now: () => number;
  /**
   * Waits `ms` (backoff pauses and the per-attempt timeout; replaceable in tests). Once `signal`
   * aborts the wait may end early or never: its outcome is then ignored.
   */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Failed calls in a row after which HubSpot is known down (breaker.ts). */
  breakerThreshold: number;
  /** How long reads fail fast once HubSpot is known down, before one probes it again. */
  breakerCooldownMs: number;
}

let tuningOverride: Partial<CallTuning> = {};

/** Calls made for an outbox write: nobody waits on them, so they get HUBSPOT_WRITE_MAX_WAIT_MS. */
const outboxWrite = new AsyncLocalStorage<true>();

/** Runs `fn` with the outbox's longer HubSpot budget (lib/server/register.ts wraps every handler). */
export function asOutboxWrite<T>(fn: () => Promise<T>): Promise<T> {
  return outboxWrite.run(true, fn);
}

function tuning(): CallTuning {
  const maxWaitMs = tuningOverride.maxWaitMs ?? (outboxWrite.getStore() ? getEnv().HUBSPOT_WRITE_MAX_WAIT_MS : getEnv().HUBSPOT_MAX_WAIT_MS);
  return {
    maxWaitMs,
    budgetWaitMs: Math.max(maxWaitMs, tuningOverride.budgetWaitMs ?? getEnv().HUBSPOT_BUDGET_WAIT_MS),
    attemptTimeoutMs: Math.max(500, Math.floor(maxWaitMs / 2)),
    baseDelayMs: 200,
    maxDelayMs: 2000,
    // The budget waits on the wall clock (its window is the database's): the call's deadline,
    // read on the call's clock, is passed on as the same remaining time.
    acquire: (kind, deadline) => acquireBudget(kind, { deadline: Date.now() + (deadline - (tuningOverride.now ?? Date.now)()) }),
    // The first request of a fresh install opens and migrates the embedded database (seconds):
    // that is start-up, not HubSpot being slow, so it must not eat the HubSpot deadline.
    // A replaced `acquire` (tests, the setup script) does not use the portal's database.
    prepare: tuningOverride.acquire ? async () => undefined : () => currentDb(),
    random: Math.random,
    now: Date.now,
    sleep,
    breakerThreshold: 3,
    breakerCooldownMs: 5_000,
    ...tuningOverride,
  };
}

// ---- "HubSpot known down" (breaker.ts), shared by every call of the process ----

const breaker = processSingleton("__duretHubSpotBreaker", () =>
  createBreaker(() => {
    const t = tuning();
    return { threshold: t.breakerThreshold, cooldownMs: t.breakerCooldownMs };
  }),
);

/**
 * Whether a read should ask HubSpot now: false while HubSpot is known down (the caller fails at
 * once, or answers its last known value); true when closed, or for the one probe once the cooldown
 * is over. Reads through the cache ask it (cache.ts); the outbox's writes do not.
 */
export async function hubspotReadAllowed(): Promise<boolean> {
  const t = tuning();
  if (breaker.allow(t.now())) return true;
  // HubSpot may be back: the probe under way says so within a short wait, else fail fast.
  const probe = breaker.probe();
  if (!probe) return false;
  const done = new AbortController();
  await Promise.race([probe, t.sleep(PROBE_WAIT_MS, done.signal)]).finally(() => done.abort());
  return breaker.state(t.now()) === "closed";
}

/** How long a read waits for the probe under way before failing fast (well under a page's 400 ms). */
const PROBE_WAIT_MS = 250;

export function hubspotBreakerState(): BreakerState {
  return breaker.state(tuning().now());
}

/** Tests: HubSpot not known down any more. */
export function resetHubSpotBreaker(): void {
  breaker.reset();
}

/** A call's outcome as the breaker sees it: HubSpot answered (even 404), or could not be had. */
function noteOutcome(error: unknown, t: CallTuning): void {
  if (error === undefined) return breaker.success();
  if (!isAppError(error)) return;
  if (error.code === "UPSTREAM_UNAVAILABLE") {
    // Our own pacing (budget) says nothing about HubSpot.
    if ((error.details as { reason?: unknown } | undefined)?.reason !== "budget") breaker.failure(t.now());
    return;
  }
  breaker.success();
}

/**
 * Replaces parts of the tuning (tests; scripts that must not open the portal's database use their
 * own `acquire`). `{}` restores the defaults.
 */
export function configureHubSpotCall(overrides: Partial<CallTuning>): void {
  tuningOverride = { ...overrides };
}
export const configureHubSpotCallForTests = configureHubSpotCall;

// ---- metrics (in-process, for the benchmark and tests) ----

export interface OperationMetrics {
  /** HTTP attempts actually sent to HubSpot. */
  attempts: number;
  /** Calls that ended with a result. */
  successes: number;
  /** Calls that ended with an error (after retries). */
  failures: number;
  retries: number;
}
const metrics = new Map<string, OperationMetrics>();

function metricFor(operation: string): OperationMetrics {
  let m = metrics.get(operation);
  if (!m) {
    m = { attempts: 0, successes: 0, failures: 0, retries: 0 };
    metrics.set(operation, m);
  }
  return m;
}

export function getHubSpotCallMetrics(): { total: OperationMetrics; byOperation: Record<string, OperationMetrics> } {
  const total: OperationMetrics = { attempts: 0, successes: 0, failures: 0, retries: 0 };
  const byOperation: Record<string, OperationMetrics> = {};
  for (const [op, m] of metrics) {
    byOperation[op] = { ...m };
    total.attempts += m.attempts;
    total.successes += m.successes;
    total.failures += m.failures;
    total.retries += m.retries;
  }
  return { total, byOperation };
}

export function resetHubSpotCallMetrics(): void {
  metrics.clear();
}

// ---- error classification ----

type Classified =
  /** `unsent`: HubSpot certainly did not apply the request (safe to retry even a create). */
  | { retry: true; reason: string; retryAfterMs?: number; unsent?: boolean }
  | { retry: false; error: unknown };

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" && code >= 100 && code < 600 ? code : undefined;
}

function headerOf(error: unknown, name: string): string | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  if (!headers || typeof headers !== "object") return undefined;
  const value = (headers as Record<string, unknown>)[name] ?? (headers as Record<string, unknown>)[name.toLowerCase()];
  return typeof value === "string" ? value : undefined;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "UND_ERR_SOCKET"]);

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { code?: unknown; type?: unknown; cause?: unknown };
  if (e.name === "FetchError" && e.type === "system") return true; // node-fetch (SDK transport)
  if (typeof e.code === "string" && NETWORK_CODES.has(e.code)) return true;
  if (e.name === "TypeError" && e.message === "fetch failed") return true; // undici
  if (e.name === "AbortError") return true;
  return false;
}

function classify(error: unknown, operation: string): Classified {
  if (error instanceof HubSpotTimeoutError) return { retry: true, reason: "timeout" };
  if (isAppError(error)) return { retry: false, error };
  const status = statusOf(error);
  if (status !== undefined) {
    const body = (error as { body?: unknown }).body as { policyName?: unknown; message?: unknown; category?: unknown } | undefined;
    if (status === 429) {
      // A daily limit does not recover within a customer's request.
      if (body?.policyName === "DAILY") return { retry: false, error: upstream(operation, "daily limit reached", error) };
      const retryAfter = Number(headerOf(error, "Retry-After"));
      return { retry: true, reason: "429", unsent: true, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined };
    }
    if (status >= 500) return { retry: true, reason: String(status) };
    if (status === 404) {
      return { retry: false, error: new AppError("NOT_FOUND", `HubSpot ${operation}: not found`, { cause: error, details: { operation } }) };
    }
    if (status === 409) return { retry: false, error: new AppError("CONFLICT", `HubSpot ${operation}: conflict`, { cause: error }) };
    if (status === 400 || status === 422) {
      const message = typeof body?.message === "string" ? body.message : "";
      return { retry: false, error: new AppError("VALIDATION", `HubSpot ${operation}: rejected (${status}) ${message}`, { cause: error }) };
    }
    // 401/403 and the rest: the portal's configuration is wrong; nothing the customer can fix.
    return { retry: false, error: upstream(operation, `HTTP ${status}`, error) };
  }
  if (isNetworkError(error)) {
    const code = (error as { code?: unknown }).code;
    return { retry: true, reason: "network", unsent: code === "ECONNREFUSED" };
  }
  return { retry: false, error };
}

function upstream(operation: string, why: string, cause?: unknown, details: Record<string, unknown> = {}): AppError {
  return new AppError("UPSTREAM_UNAVAILABLE", `HubSpot ${operation}: ${why}`, {
    cause,
    userMessage: "Nos services sont momentanément indisponibles. Merci de réessayer dans quelques instants.",
    details: { operation, ...details },
  });
}

/**
 * Whether a failed write may still have been applied by HubSpot: a timeout, a connection reset or
 * a 5xx of a create (hubspotCall does not retry those). A 4xx, a 429, a refused connection or our
 * own budget mean HubSpot did not apply it. Anything unclassified counts as maybe applied.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (!isAppError(error)) return true;
  return error.code === "UPSTREAM_UNAVAILABLE" && (error.details as { maybeApplied?: unknown } | undefined)?.maybeApplied === true;
}

/** The error of a read refused because HubSpot is known down (no request, no budget taken). */
export function hubspotKnownDownError(what: string): AppError {
  return upstream(what, "known down (breaker open)", undefined, { reason: "breaker" });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, ms: number, wait: CallTuning["sleep"]): Promise<T> {
  const controller = new AbortController();
  const settled = new AbortController();
  // The SDK's transport takes no AbortSignal: on timeout we stop waiting and the late answer
  // is dropped. Raw fetches (file downloads) do honour the signal.
  const timeout = wait(ms, settled.signal).then((): Promise<never> => {
    if (settled.signal.aborted) return new Promise<never>(() => {}); // the attempt ended first
    controller.abort();
    throw new HubSpotTimeoutError(ms);
  });
  const attempt = run(controller.signal);
  attempt.catch(() => {}); // a late rejection after the timeout must not be unhandled
  return Promise.race([attempt, timeout]).finally(() => settled.abort());
}

/** Counts one attempt in the Prometheus metrics (lib/telemetry/metrics.ts): outcome and 429 policy. */
function countAttempt(error?: unknown): void {
  const m = portalMetrics();
  if (error === undefined) return m.hubspotRequests.inc({ outcome: "ok" });
  const status = statusOf(error);
  if (status === 429) {
    const policy = ((error as { body?: { policyName?: unknown } }).body?.policyName as string | undefined) ?? "unknown";
    m.hubspotRateLimited.inc({ policy: ["TEN_SECONDLY_ROLLING", "SECONDLY", "DAILY"].includes(policy) ? policy : "unknown" });
  }
  const outcome =
    status === 429 ? "429" : status !== undefined ? (status >= 500 ? "5xx" : "4xx") : error instanceof HubSpotTimeoutError ? "timeout" : isNetworkError(error) ? "network" : "error";
  m.hubspotRequests.inc({ outcome });
}

/**
 * Runs one HubSpot request with budget, timeout and bounded retries, in a span `hubspot <operation>`
 * (its attributes: the operation and the budget bucket; never the request's content).
 * `operation` names it in the metrics (e.g. "tickets.batchRead").
 */
export function hubspotCall<T>(
  kind: BudgetKind,
  operation: string,
  fn: (signal: AbortSignal) => Promise<T>,
  options: {
    /** false for creates: a timeout or 5xx may have been applied, so only provably unsent requests are retried. */
    idempotent?: boolean;
  } = {},
): Promise<T> {
  return traced(`hubspot ${operation}`, () => runHubSpotCall(kind, operation, fn, options), { "hubspot.operation": operation, "hubspot.budget": kind });
}

async function runHubSpotCall<T>(kind: BudgetKind, operation: string, fn: (signal: AbortSignal) => Promise<T>, options: { idempotent?: boolean }): Promise<T> {
  const idempotent = options.idempotent ?? true;
  const t = tuning();
  await t.prepare();
  const start = t.now();
  let deadline = start + t.maxWaitMs;
  const m = metricFor(operation);
  let lastReason = "no attempt";
  for (let retry = 0; ; retry++) {
    try {
      // The first slot may be queued for longer (pacing); retries stay within maxWaitMs.
      await t.acquire(kind, retry === 0 ? start + t.budgetWaitMs : deadline);
    } catch (error) {
      m.failures++;
      throw isAppError(error) ? error : upstream(operation, "budget unavailable", error, { reason: "budget" });
    }
    if (retry === 0) deadline = Math.max(deadline, t.now() + t.attemptTimeoutMs);
    const remaining = deadline - t.now();
    if (remaining <= 0) break;
    m.attempts++;
    if (retry > 0) m.retries++;
    try {
      const result = await withTimeout(fn, Math.min(remaining, t.attemptTimeoutMs), t.sleep);
      countAttempt();
      m.successes++;
      noteOutcome(undefined, t);
      return result;
    } catch (error) {
      countAttempt(error);
      const c = classify(error, operation);
      if (!c.retry) {
        m.failures++;
        noteOutcome(c.error, t);
        throw c.error;
      }
      if (!idempotent && !c.unsent) {
        m.failures++;
        const failed = upstream(operation, `not retried (${c.reason}): the write may have been applied`, error, { maybeApplied: true });
        noteOutcome(failed, t);
        throw failed;
      }
      lastReason = c.reason;
      const backoff = Math.floor(t.random() * Math.min(t.maxDelayMs, t.baseDelayMs * 2 ** retry));
      const pause = Math.max(backoff, c.retryAfterMs ?? 0);
      // Give up now rather than sleep past the deadline.
      if (t.now() + pause >= deadline) break;
      await t.sleep(pause);
    }
  }
  m.failures++;
  const failed = upstream(operation, `gave up after ${t.now() - start} ms (${lastReason})`);
  noteOutcome(failed, t);
  throw failed;
}
