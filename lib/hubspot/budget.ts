import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { currentDb, rowsOf } from "@/lib/db/current";
import { traced } from "@/lib/telemetry";

/**
 * The HubSpot request budget shared by every portal instance (table hubspot_budget).
 *
 * One counter row per (bucket, unix second). A request is granted when the sum over the last
 * `windowSeconds + 1` seconds stays under the limit: any real interval of `windowSeconds` overlaps
 * at most that many whole seconds, so HubSpot's rolling window can never see more than `limit`.
 * The check and the increment run in one transaction under a per-bucket advisory lock, so
 * concurrent instances cannot both take the last slot. Time comes from the database clock, so
 * instances with skewed clocks still agree.
 *
 * Search requests take a slot in both buckets: being conservative costs little (searches are
 * rare: sign-in look-ups) and keeps us safe whether or not HubSpot counts them in the 10 s limit.
 */
export type BudgetKind = "general" | "search";

export interface BucketLimit {
  limit: number;
  windowSeconds: number;
}
export type BudgetLimits = Record<BudgetKind, BucketLimit>;

// Fixed advisory lock keys, one per bucket (taken in this order to avoid deadlocks).
const LOCK_KEYS: Record<BudgetKind, number> = { general: 724_019_101, search: 724_019_102 };
/** Rows older than this are deleted (far beyond any window). */
const PRUNE_AFTER_SECONDS = 60;

export function budgetLimitsFromEnv(): BudgetLimits {
  const env = getEnv();
  return {
    general: { limit: env.HUBSPOT_BUDGET_PER_10S, windowSeconds: 10 },
    search: { limit: env.HUBSPOT_SEARCH_BUDGET_PER_S, windowSeconds: 1 },
  };
}

export interface TryAcquireResult {
  granted: boolean;
  /** When not granted: how long until a slot frees up, in ms. */
  waitMs: number;
}

/** One atomic attempt to take a slot for `kind`: one span per transaction (not per statement). */
export function tryAcquireBudget(db: Db, kind: BudgetKind, limits: BudgetLimits = budgetLimitsFromEnv()): Promise<TryAcquireResult> {
  return traced("db hubspot_budget", () => takeSlot(db, kind, limits), { "db.operation": "transaction", "hubspot.budget": kind });
}

async function takeSlot(db: Db, kind: BudgetKind, limits: BudgetLimits): Promise<TryAcquireResult> {
  const buckets: BudgetKind[] = kind === "search" ? ["general", "search"] : ["general"];
  return db.transaction(async (tx) => {
    for (const bucket of buckets) await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEYS[bucket]})`);
    const [clock] = rowsOf<{ now_ms: string | number }>(
      await tx.execute(sql`select (extract(epoch from clock_timestamp()) * 1000)::bigint as now_ms`),
    );
    const nowMs = Number(clock?.now_ms);
    const nowSec = Math.floor(nowMs / 1000);
    let waitMs = 0;
    for (const bucket of buckets) {
      const { limit, windowSeconds } = limits[bucket];
      const [usage] = rowsOf<{ used: string | number | null; oldest: string | number | null }>(
        await tx.execute(sql`
          select coalesce(sum(count), 0) as used, min(second) as oldest
          from hubspot_budget
          where bucket = ${bucket} and second >= ${nowSec - windowSeconds}`),
      );
      const used = Number(usage?.used ?? 0);
      if (used >= limit) {
        const oldest = Number(usage?.oldest ?? nowSec);
        // The oldest second leaves the window at (oldest + windowSeconds + 1) s.
        waitMs = Math.max(waitMs, (oldest + windowSeconds + 1) * 1000 - nowMs, 10);
      }
    }
    if (waitMs > 0) return { granted: false, waitMs };
    for (const bucket of buckets) {
      const [row] = rowsOf<{ count: number }>(
        await tx.execute(sql`
          insert into hubspot_budget (bucket, second, count) values (${bucket}, ${nowSec}, 1)
          on conflict (bucket, second) do update set count = hubspot_budget.count + 1
          returning count`),
      );
      // First request of a new second: a cheap moment to drop rows nobody will read again.
      if (Number(row?.count) === 1) {
        await tx.execute(sql`delete from hubspot_budget where bucket = ${bucket} and second < ${nowSec - PRUNE_AFTER_SECONDS}`);
      }
    }
    return { granted: true, waitMs: 0 };
  });
}

/** Requests taken in each bucket's current window, by every instance (the metrics' gauges). */
export async function budgetUsage(db: Db, limits: BudgetLimits = budgetLimitsFromEnv()): Promise<Record<BudgetKind, { used: number; limit: number }>> {
  const usage = async (bucket: BudgetKind) => {
    const { windowSeconds, limit } = limits[bucket];
    const [row] = rowsOf<{ used: string | number | null }>(
      await db.execute(sql`
        select coalesce(sum(count), 0) as used from hubspot_budget
        where bucket = ${bucket} and second >= floor(extract(epoch from clock_timestamp()))::bigint - ${windowSeconds}`),
    );
    return { used: Number(row?.used ?? 0), limit };
  };
  return { general: await usage("general"), search: await usage("search") };
}

export interface AcquireOptions {
  /** Epoch ms after which the caller would rather fail than wait. */
  deadline: number;
  db?: Db;
  limits?: BudgetLimits;
  /** The clock `deadline` is read on, and the wait between tries (replaceable in tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const wallClockSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for a slot until `deadline`, then throws UPSTREAM_UNAVAILABLE. */
export async function acquireBudget(kind: BudgetKind, options: AcquireOptions): Promise<void> {
  const db = options.db ?? (await currentDb());
  const limits = options.limits ?? budgetLimitsFromEnv();
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? wallClockSleep;
  for (;;) {
    const { granted, waitMs } = await tryAcquireBudget(db, kind, limits);
    if (granted) return;
    // Jitter spreads waiting instances so they do not all retry on the same millisecond.
    const pause = waitMs + Math.floor(Math.random() * 40);
    if (now() + pause > options.deadline) {
      throw new AppError("UPSTREAM_UNAVAILABLE", `HubSpot request budget exhausted (${kind}); next slot in ${waitMs} ms`, {
        details: { reason: "budget", kind, waitMs },
      });
    }
    await sleep(pause);
  }
}
