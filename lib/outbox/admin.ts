import "server-only";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { wakeOutbox } from "./enqueue";

/**
 * Operators' view of the outbox. Rows are summarised: never the sealed payload, never a
 * recipient of a sensitive message (it is inside the sealed blob anyway).
 */
export const outboxStatusSchema = z.enum(["pending", "sending", "sent", "dead", "discarded"]);
export type OutboxStatus = z.infer<typeof outboxStatusSchema>;

export interface OutboxSummary {
  id: string;
  kind: string;
  /** Template for notifications, operation for HubSpot writes. */
  what: string;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  contactId: string | null;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  redacted: boolean;
  /** Discarded by staff (delivery desk): when, by whom, why. */
  discardedAt: Date | null;
  discardedBy: string | null;
  discardReason: string | null;
}

const listSchema = z.object({
  status: z.union([outboxStatusSchema, z.array(outboxStatusSchema).min(1)]).optional(),
  limit: z.number().int().min(1).max(500).default(50),
});

export async function listOutbox(options: { status?: OutboxStatus | OutboxStatus[]; limit?: number } = {}, database?: Db): Promise<OutboxSummary[]> {
  const { status, limit } = listSchema.parse(options);
  const db = database ?? (await getDb());
  const rows = await db
    .select()
    .from(outbox)
    .where(status === undefined ? undefined : Array.isArray(status) ? inArray(outbox.status, status) : eq(outbox.status, status))
    .orderBy(desc(outbox.createdAt))
    .limit(limit);
  return rows.map((r) => {
    const p = (r.payload ?? {}) as { template?: unknown; operation?: unknown; redacted?: unknown };
    return {
      id: r.id,
      kind: r.kind,
      what: String(p.template ?? p.operation ?? "?"),
      status: outboxStatusSchema.catch("pending").parse(r.status),
      attempts: r.attempts,
      maxAttempts: r.maxAttempts,
      contactId: r.contactId,
      lastError: r.lastError,
      createdAt: r.createdAt,
      nextAttemptAt: r.nextAttemptAt,
      sentAt: r.sentAt,
      redacted: p.redacted === true,
      discardedAt: r.discardedAt,
      discardedBy: r.discardedBy,
      discardReason: r.discardReason,
    };
  });
}

/** Counts per status, for a health view. */
export async function countOutbox(database?: Db): Promise<Record<OutboxStatus, number>> {
  const db = database ?? (await getDb());
  const rows = await db.select({ status: outbox.status, n: sql<number>`count(*)::int` }).from(outbox).groupBy(outbox.status);
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0, discarded: 0 };
  for (const r of rows) {
    const s = outboxStatusSchema.safeParse(r.status);
    if (s.success) counts[s.data] = Number(r.n);
  }
  return counts;
}

export type RetryDeadResult = { ok: true } | { ok: false; reason: "not_found" | "not_dead" | "redacted" };

/**
 * Gives a dead row a fresh set of attempts. A sensitive row (sign-in link/code) was redacted when
 * it died: it cannot be sent again, the customer asks for a new link instead.
 */
export async function retryDead(id: string, database?: Db, options: { inTransaction?: boolean } = {}): Promise<RetryDeadResult> {
  const parsedId = z.string().min(1).max(64).parse(id);
  const db = database ?? (await getDb());
  const [row] = await db.select().from(outbox).where(eq(outbox.id, parsedId)).limit(1);
  if (!row) return { ok: false, reason: "not_found" };
  if (row.status !== "dead") return { ok: false, reason: "not_dead" };
  if ((row.payload as { redacted?: unknown } | null)?.redacted === true) return { ok: false, reason: "redacted" };
  const updated = await db
    .update(outbox)
    .set({ status: "pending", attempts: 0, nextAttemptAt: new Date(), lockedUntil: null })
    .where(and(eq(outbox.id, parsedId), eq(outbox.status, "dead")))
    .returning({ id: outbox.id });
  if (updated.length === 0) return { ok: false, reason: "not_dead" };
  // Inside a caller's transaction (the delivery desk audits the retry with it), the caller wakes the worker after its commit.
  if (!options.inTransaction) wakeOutbox();
  return { ok: true };
}

export type DiscardResult = { ok: true; before: OutboxStatus } | { ok: false; reason: "not_found" | "not_discardable" };

/**
 * Staff give up a row that is waiting or dead (never one being sent, nor one sent): status
 * "discarded" with who and why; the worker never picks it again. Run inside the caller's
 * transaction, which records the audit row with it.
 */
export async function discardOutboxRow(db: Db, input: { id: string; by: string; reason: string; now: Date }): Promise<DiscardResult> {
  const [row] = await db.select({ status: outbox.status }).from(outbox).where(eq(outbox.id, input.id)).limit(1);
  if (!row) return { ok: false, reason: "not_found" };
  const updated = await db
    .update(outbox)
    .set({ status: "discarded", discardedAt: input.now, discardedBy: input.by, discardReason: input.reason, lockedUntil: null })
    .where(and(eq(outbox.id, input.id), inArray(outbox.status, ["pending", "dead"])))
    .returning({ id: outbox.id });
  if (updated.length === 0) return { ok: false, reason: "not_discardable" };
  return { ok: true, before: outboxStatusSchema.catch("pending").parse(row.status) };
}

/**
 * Sent rows are kept a while (what was delivered, the provider's id), then deleted: they hold
 * recipients' addresses, which are not kept longer than needed. Dead rows stay until handled.
 */
export async function pruneSentOutbox(db: Db, options: { before: Date }): Promise<number> {
  const deleted = await db
    .delete(outbox)
    .where(and(eq(outbox.status, "sent"), lt(outbox.sentAt, options.before)))
    .returning({ id: outbox.id });
  return deleted.length;
}
