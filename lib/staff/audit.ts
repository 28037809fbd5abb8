import "server-only";
import { randomUUID } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { staffAudit } from "@/lib/db/schema";
import type { StaffRole } from "./roles";

/**
 * The console's audit trail: one row per action, written by the caller inside the transaction of
 * the change it records (so there is never a change without its row, nor a row without its
 * change). The table is append-only (a trigger refuses UPDATE and DELETE, migration 0013).
 */
export interface AuditEntry {
  staff: { email: string; role: StaffRole; requestId?: string };
  /** e.g. "staff.sign_in", "outbox.retry", "settings.technicians.save" */
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** Tests and imports; the database's clock otherwise. */
  at?: Date;
}

export async function recordStaffAudit(tx: Db, entry: AuditEntry): Promise<void> {
  await tx.insert(staffAudit).values({
    id: randomUUID(),
    ...(entry.at ? { at: entry.at } : {}),
    staffEmail: entry.staff.email,
    role: entry.staff.role,
    action: entry.action,
    target: entry.target ?? null,
    before: entry.before === undefined ? null : (entry.before as object),
    after: entry.after === undefined ? null : (entry.after as object),
    reason: entry.reason ?? null,
    requestId: entry.staff.requestId ?? null,
  });
}

export type AuditRow = typeof staffAudit.$inferSelect;

/** The latest rows (at most 200), optionally of one action. */
export async function listStaffAudit(db: Db, options: { action?: string; limit?: number } = {}): Promise<AuditRow[]> {
  const limit = Math.min(Math.max(options.limit ?? 200, 1), 200);
  return db
    .select()
    .from(staffAudit)
    .where(options.action ? eq(staffAudit.action, options.action) : undefined)
    .orderBy(desc(staffAudit.at), desc(staffAudit.id))
    .limit(limit);
}

/** The actions present in the trail (the journal's filter). */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: staffAudit.action }).from(staffAudit).orderBy(staffAudit.action);
  return rows.map((r) => r.action);
}
