import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/current";

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "dead", "discarded"] as const;

export interface OutboxSnapshot {
  /** Rows per status (sent rows are pruned after 30 days). */
  byStatus: Record<(typeof OUTBOX_STATUSES)[number], number>;
  /** Age of the oldest pending row that is due, in seconds (0 when none waits): the worker's lag. */
  lagSeconds: number;
}

/** What GET /api/metrics reports of the outbox, read in one query on the database's clock. */
export async function outboxSnapshot(db: Db): Promise<OutboxSnapshot> {
  const rows = rowsOf<{ status: string; count: string | number; lag: string | number | null }>(
    await db.execute(sql`
      select status, count(*) as count,
        extract(epoch from clock_timestamp() - min(next_attempt_at) filter (where next_attempt_at <= clock_timestamp()))::float8 as lag
      from outbox group by status`),
  );
  const byStatus = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as OutboxSnapshot["byStatus"];
  let lagSeconds = 0;
  for (const row of rows) {
    if ((OUTBOX_STATUSES as readonly string[]).includes(row.status)) byStatus[row.status as keyof typeof byStatus] = Number(row.count);
    if (row.status === "pending" && row.lag !== null) lagSeconds = Math.max(0, Number(row.lag));
  }
  return { byStatus, lagSeconds };
}
