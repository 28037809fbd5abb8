import "server-only";
import { desc, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { webhookEvents } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { scrub } from "@/lib/log";
import { budgetLimitsFromEnv } from "@/lib/hubspot/budget";
import { runHubSpotCheck, type CheckOptions, type CheckRow } from "@/lib/hubspot/check";
import { readTokenInfo } from "@/lib/hubspot/api";
import { projectScopes } from "@/lib/hubspot/project";
import { readRecordedPipelines } from "@/lib/hubspot/pipelines";
import { countOutbox, discardOutboxRow, listOutbox, retryDead, type OutboxStatus, type OutboxSummary } from "@/lib/outbox/admin";
import { wakeOutbox } from "@/lib/outbox/enqueue";
import { describeP12, loadCompanyP12 } from "@/lib/documents/signature/certificate";
import { assertStaffRole, recordStaffAudit, type StaffSession } from "@/lib/staff";
import { discardSchema, retrySchema } from "./schemas";

/**
 * The delivery desk (issue 17): the outbox rows that are not delivered (HubSpot writes, emails,
 * SMS), their retry and discard, and the health of the HubSpot connection. Each verb checks the
 * staff role itself and audits its change in the same transaction. Never a sealed payload nor a
 * recipient: listOutbox summarises.
 */
export const DESK_STATUSES: OutboxStatus[] = ["pending", "sending", "dead", "discarded"];

export type DeliveryRow = Omit<OutboxSummary, "contactId">;

export async function listDeliveries(db: Db, staff: StaffSession, options: { status?: OutboxStatus } = {}): Promise<{ rows: DeliveryRow[]; counts: Record<OutboxStatus, number> }> {
  assertStaffRole(staff, undefined);
  const status = options.status && DESK_STATUSES.includes(options.status) ? options.status : DESK_STATUSES;
  const [rows, counts] = await Promise.all([listOutbox({ status, limit: 200 }, db), countOutbox(db)]);
  // The contact id is not needed at the desk: the row's kind, purpose and error say what to do.
  return {
    rows: rows.map((row) => {
      const copy: Partial<OutboxSummary> = { ...row };
      delete copy.contactId;
      // A provider's error may quote the recipient (« The 'To' number +33… is not valid »): never shown.
      copy.lastError = row.lastError === null ? null : scrub(row.lastError);
      return copy as DeliveryRow;
    }),
    counts,
  };
}

export { discardSchema, retrySchema };

const RETRY_REFUSALS = {
  not_found: "Cette ligne n'existe plus.",
  not_dead: "Cette ligne n'est pas en échec : elle est déjà en cours de remise ou remise.",
  redacted: "Ce message contenait un lien ou un code de connexion, effacé à l'échec : la personne doit en demander un nouveau.",
} as const;

/** « Réessayer » (office and admin): a dead row gets a fresh set of attempts, audited. */
export async function retryDelivery(db: Db, staff: StaffSession, input: z.input<typeof retrySchema>): Promise<void> {
  assertStaffRole(staff, "office");
  const { id } = retrySchema.parse(input);
  await db.transaction(async (tx) => {
    const result = await retryDead(id, tx as unknown as Db, { inTransaction: true });
    if (!result.ok) throw new AppError(result.reason === "not_found" ? "NOT_FOUND" : "CONFLICT", `retry refused: ${result.reason}`, { userMessage: RETRY_REFUSALS[result.reason] });
    await recordStaffAudit(tx as unknown as Db, { staff, action: "outbox.retry", target: id, before: { status: "dead" }, after: { status: "pending" } });
  });
  wakeOutbox();
}

/** « Abandonner » (admin only, with a reason): the row is never sent, audited. */
export async function discardDelivery(db: Db, staff: StaffSession, input: z.input<typeof discardSchema>, now: Date = new Date()): Promise<void> {
  assertStaffRole(staff, "admin");
  const { id, reason } = discardSchema.parse(input);
  await db.transaction(async (tx) => {
    const result = await discardOutboxRow(tx as unknown as Db, { id, by: staff.email, reason, now });
    if (!result.ok) {
      throw new AppError(result.reason === "not_found" ? "NOT_FOUND" : "CONFLICT", `discard refused: ${result.reason}`, {
        userMessage: result.reason === "not_found" ? "Cette ligne n'existe plus." : "Seule une ligne en attente ou en échec peut être abandonnée.",
      });
    }
    await recordStaffAudit(tx as unknown as Db, { staff, action: "outbox.discard", target: id, before: { status: result.before }, after: { status: "discarded" }, reason });
  });
}

export interface ConnectionHealth {
  scopes: { ok: boolean; detail: string };
  lastWebhookAt: Date | null;
  budget: { general: { used: number; limit: number; windowSeconds: number }; search: { used: number; limit: number; windowSeconds: number } };
  certificate: { ok: true; subject: string; notAfter: Date } | { ok: false; detail: string };
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: unknown[] }).rows ?? [])) as T[];
}

/** Scopes (the token's introspection), the last webhook received, the request budget's headroom, the seal certificate. */
export async function connectionHealth(db: Db, staff: StaffSession): Promise<ConnectionHealth> {
  assertStaffRole(staff, undefined);
  const limits = budgetLimitsFromEnv();
  const [scopes, lastWebhook, usage, certificate] = await Promise.all([
    readTokenInfo().then(
      (info) => {
        const required = projectScopes();
        const missing = required.filter((s) => !info.scopes.includes(s));
        return missing.length
          ? { ok: false, detail: `Portées manquantes : ${missing.join(", ")}` }
          : { ok: true, detail: `${info.scopes.length} portées accordées${required.length ? `, dont les ${required.length} du projet HubSpot` : ""}` };
      },
      (error: unknown) => ({ ok: false, detail: `Jeton illisible : ${error instanceof Error ? error.message.slice(0, 200) : "erreur"}` }),
    ),
    db.select({ at: webhookEvents.receivedAt }).from(webhookEvents).orderBy(desc(webhookEvents.receivedAt)).limit(1),
    db.execute(sql`select bucket, coalesce(sum(count), 0)::int as used from hubspot_budget
      where (bucket = 'general' and second >= extract(epoch from now())::bigint - ${limits.general.windowSeconds})
         or (bucket = 'search' and second >= extract(epoch from now())::bigint - ${limits.search.windowSeconds})
      group by bucket`),
    loadCompanyP12().then(
      (p12) => {
        const d = describeP12(p12.p12, p12.passphrase);
        return { ok: true as const, subject: d.subject, notAfter: d.notAfter };
      },
      (error: unknown) => ({ ok: false as const, detail: error instanceof Error ? error.message.slice(0, 200) : "certificat illisible" }),
    ),
  ]);
  const used = Object.fromEntries(rowsOf<{ bucket: string; used: number }>(usage).map((r) => [r.bucket, Number(r.used)]));
  return {
    scopes,
    lastWebhookAt: lastWebhook[0]?.at ?? null,
    budget: {
      general: { used: used.general ?? 0, ...limits.general },
      search: { used: used.search ?? 0, ...limits.search },
    },
    certificate,
  };
}

/** The same checks as `npm run hubspot:check` (admin: it writes and removes test objects in HubSpot), audited. */
export async function runConnectionCheck(db: Db, staff: StaffSession, options: Omit<CheckOptions, "recorded"> = {}): Promise<{ ok: boolean; rows: CheckRow[] }> {
  assertStaffRole(staff, "admin");
  const recorded = await readRecordedPipelines(db).catch(() => undefined);
  const report = await runHubSpotCheck({ ...options, recorded });
  await db.transaction(async (tx) => {
    await recordStaffAudit(tx as unknown as Db, { staff, action: "hubspot.check", target: "hubspot", after: { ok: report.ok, failed: report.rows.filter((r) => r.result === "fail").map((r) => r.step) } });
  });
  return { ok: report.ok, rows: report.rows };
}
