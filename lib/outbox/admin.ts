import "server-only";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { wakeOutbox } from "./enqueue";

/**
 * Operators' view of the outbox. Rows are summarised: never the sealed payload, never a
 * recipient of a sensitive message (it is inside the sealed blob anyway).
 */
export const outboxStatusSchema = z.enum(["pending", "sending", "sent", "dead"]);
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
}

const listSchema = z.object({ status: outboxStatusSchema.optional(), limit: z.number().int().min(1).max(500).default(50) });

export async function listOutbox(options: { status?: OutboxStatus; limit?: number } = {}, database?: Db): Promise<OutboxSummary[]> {
  const { status, limit } = listSchema.parse(options);
  const db = database ?? (await getDb());
  const rows = await db
    .select()
    .from(outbox)
    .where(status ? eq(outbox.status, status) : undefined)
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
    };
  });
}

/** Counts per status, for a health view. */
export async function countOutbox(database?: Db): Promise<Record<OutboxStatus, number>> {
  const db = database ?? (await getDb());
  const rows = await db.select({ status: outbox.status, n: sql<number>`count(*)::int` }).from(outbox).groupBy(outbox.status);
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
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
export async function retryDead(id: string, database?: Db): Promise<RetryDeadResult> {
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
  wakeOutbox();
  return { ok: true };
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
