import "server-only";
import { and, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { isPermanentDeliveryError } from "@/lib/notifications/errors";
import { retryAfterOf } from "@/lib/errors";
import { log as portalLog, scrub, withLogContext } from "@/lib/log";
import { outsideRequest, traced } from "@/lib/telemetry";
import { metrics } from "@/lib/telemetry/metrics";
import { pruneSentOutbox } from "./admin";
import type { ValidNotification } from "@/lib/notifications/inputs";
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from "./backoff";
import {
  deliverHubSpotWrite,
  deliverNotification,
  expiredBeforeDelivery,
  isSensitive,
  notificationOf,
  redactedPayload,
  safeErrorMessage,
  secretsOf,
  turnedOffByCustomer,
  type DeliveryResult,
  type OutboxRow,
} from "./deliver";
import type { Transports } from "./transports";

/**
 * The outbox relay. Each pass claims due rows with `FOR UPDATE SKIP LOCKED` and marks them
 * `sending` with a lease in one statement, delivers them outside any transaction, then records
 * the outcome. Several workers (threads, instances) can run at once: a row is claimed by one, and a
 * worker that died mid-delivery only delays its rows until the lease expires.
 *
 * `attempts` is incremented at claim time and used as a fencing token: a worker whose lease ran
 * out and whose row was claimed again cannot overwrite the newer attempt's outcome.
 */
export interface WorkerOptions {
  db: Db;
  transports: Transports;
  /** Rows per pass (delivered concurrently, a few at a time). */
  batchSize?: number;
  concurrency?: number;
  /** Longer than any transport timeout: SMTP 30 s socket, Twilio 15 s. */
  leaseMs?: number;
  backoff?: BackoffPolicy;
  now?: () => Date;
  random?: () => number;
  log?: (message: string) => void;
}

export interface PassResult {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
  /** Rows whose outcome was not recorded because another worker had taken them over. */
  lost: number;
}

const DEFAULT_LEASE_MS = 120_000;

export async function claimDue(db: Db, options: { now: Date; leaseMs: number; limit: number }): Promise<OutboxRow[]> {
  const { now } = options;
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(or(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)), and(eq(outbox.status, "sending"), lt(outbox.lockedUntil, now))))
    .orderBy(outbox.nextAttemptAt)
    .limit(options.limit)
    .for("update", { skipLocked: true });
  return db
    .update(outbox)
    .set({ status: "sending", lockedUntil: new Date(now.getTime() + options.leaseMs), attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

/** One pass: claim, deliver, record. Returns what happened (for tests and logs). */
export async function runOutboxOnce(options: WorkerOptions): Promise<PassResult> {
  const now = options.now ?? (() => new Date());
  const claimed = await claimDue(options.db, { now: now(), leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, limit: options.batchSize ?? 20 });
  const result: PassResult = { claimed: claimed.length, sent: 0, retried: 0, dead: 0, lost: 0 };
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, claimed.length) }, async () => {
    while (next < claimed.length) {
      const row = claimed[next++]!;
      // Every line the job logs names it; its span (a trace of its own, whichever request woke the
      // worker) has the job's id and kind, never its payload.
      const outcome = await outsideRequest(() =>
        withLogContext({ jobId: row.id, jobKind: row.kind }, () =>
          traced("outbox deliver", () => processRow(row, options, now), { "outbox.id": row.id, "outbox.kind": row.kind, "outbox.attempt": row.attempts }),
        ),
      );
      if (outcome === "retried" || outcome === "dead") metrics().outboxFailures.inc({ kind: row.kind, outcome });
      result[outcome]++;
    }
  });
  await Promise.all(lanes);
  return result;
}

async function processRow(row: OutboxRow, options: WorkerOptions, now: () => Date): Promise<"sent" | "retried" | "dead" | "lost"> {
  const { db } = options;
  const fence = and(eq(outbox.id, row.id), eq(outbox.status, "sending"), eq(outbox.attempts, row.attempts));
  const sensitive = isSensitive(row);
  let notification: ValidNotification | undefined;
  let delivered: DeliveryResult;
  try {
    if (row.kind === "hubspot") {
      delivered = await deliverHubSpotWrite(row, () => now().getTime());
    } else {
      notification = notificationOf(row);
      if (sensitive && expiredBeforeDelivery(notification, row.createdAt, now())) {
        return recordDead(row, options, "Expired before it could be delivered", fence);
      }
      delivered = (await turnedOffByCustomer(db, row, notification))
        ? { skipped: "preference" }
        : await deliverNotification(row, notification, options.transports, db);
    }
  } catch (error) {
    const message = safeErrorMessage(error, secretsOf(notification));
    if (isPermanentDeliveryError(error) || row.attempts >= row.maxAttempts) return recordDead(row, options, message, fence);
    // A job told to wait (e.g. a HubSpot create whose outcome is known only later) waits that long.
    const delay = Math.max(retryDelayMs(row.attempts, options.backoff ?? DEFAULT_BACKOFF, options.random), retryAfterOf(error));
    const updated = await db
      .update(outbox)
      .set({ status: "pending", lockedUntil: null, lastError: message, nextAttemptAt: new Date(now().getTime() + delay) })
      .where(fence)
      .returning({ id: outbox.id });
    options.log?.(`outbox ${row.kind} ${row.id}: attempt ${row.attempts}/${row.maxAttempts} failed (${message}); retry in ${Math.round(delay / 1000)} s`);
    return updated.length > 0 ? "retried" : "lost";
  }
  const updated = await db
    .update(outbox)
    .set({
      status: "sent",
      sentAt: now(),
      lockedUntil: null,
      lastError: null,
      result: delivered,
      ...(sensitive ? { payload: redactedPayload(row) } : {}),
    })
    .where(fence)
    .returning({ id: outbox.id });
  if (updated.length === 0) {
    options.log?.(`outbox ${row.kind} ${row.id}: delivered, but another worker had taken the row over`);
    return "lost";
  }
  // A row that had failed before went through: the provider is back. Rows of the same kind that
  // backed off during the outage (up to the 30-min cap) are brought forward, spread over a few
  // seconds, instead of landing up to half an hour after recovery.
  if (row.attempts > 1) {
    const pulled = await pullForwardAfterRecovery(db, row.kind, now());
    if (pulled > 0) options.log?.(`outbox ${row.kind}: provider recovered, ${pulled} waiting row(s) brought forward`);
  }
  return "sent";
}

/** Spread of the brought-forward retries, and how far away a retry must be to be brought forward. */
export const RECOVERY_SPREAD_MS = 10_000;
const RECOVERY_THRESHOLD_MS = 30_000;

export async function pullForwardAfterRecovery(db: Db, kind: string, now: Date): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ nextAttemptAt: sql`${now.toISOString()}::timestamptz + random() * make_interval(secs => ${RECOVERY_SPREAD_MS / 1000})` })
    .where(
      and(
        eq(outbox.kind, kind),
        eq(outbox.status, "pending"),
        sql`${outbox.attempts} > 0`,
        sql`${outbox.nextAttemptAt} > ${new Date(now.getTime() + RECOVERY_THRESHOLD_MS).toISOString()}::timestamptz`,
      ),
    )
    .returning({ id: outbox.id });
  return rows.length;
}

async function recordDead(row: OutboxRow, options: WorkerOptions, message: string, fence: ReturnType<typeof and>): Promise<"dead" | "lost"> {
  const updated = await options.db
    .update(outbox)
    .set({ status: "dead", lockedUntil: null, lastError: message, ...(isSensitive(row) ? { payload: redactedPayload(row) } : {}) })
    .where(fence)
    .returning({ id: outbox.id });
  options.log?.(`outbox ${row.kind} ${row.id}: dead after ${row.attempts} attempt(s): ${message}`);
  return updated.length > 0 ? "dead" : "lost";
}

export interface RunningWorker {
  /** Run a pass as soon as the current one ends. */
  wake(): void;
  /** Finish the current pass and stop (call before closing the database). */
  stop(): Promise<void>;
}

const PRUNE_EVERY_MS = 60 * 60_000;
const KEEP_SENT_MS = 30 * 24 * 60 * 60_000;

const outboxLog = portalLog.child({ scope: "outbox" });

/** Polls every `pollMs` and whenever woken; passes never overlap within one worker. */
export function startOutboxWorker(options: WorkerOptions & { pollMs?: number }): RunningWorker {
  const pollMs = options.pollMs ?? 1_000;
  const clock = options.now ?? (() => new Date());
  let lastPrune = 0;
  const log = options.log ?? ((m: string) => outboxLog.warn(scrub(m)));
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, ms);
    timer.unref();
  };

  function tick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        // A full batch means more may be due: go on at once instead of waiting for the poll.
        let pass: PassResult;
        do {
          again = false;
          pass = await runOutboxOnce({ ...options, log });
        } while (!stopped && (again || pass.claimed >= (options.batchSize ?? 20)));
        if (!stopped && clock().getTime() - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = clock().getTime();
          await pruneSentOutbox(options.db, { before: new Date(lastPrune - KEEP_SENT_MS) });
        }
      } catch (error) {
        log(`pass failed: ${safeErrorMessage(error)}`);
      } finally {
        running = undefined;
        schedule(pollMs);
      }
    })();
  }

  schedule(0);
  return {
    wake() {
      if (!stopped) schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
