import "server-only";
import { randomUUID } from "node:crypto";
import { strToU8, zipSync, type Zippable } from "fflate";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { dataExports, quoteSignatures, signInAttempts } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { companyView, getSettings, type Company } from "@/lib/settings";
import { safeFilePart, slugFilePart } from "@/lib/file-names";
import { parisDay } from "@/lib/i18n/format";
import { renderInvoicePdf } from "@/lib/pdf/render-invoice";
import { renderQuotePdf } from "@/lib/pdf/render-quote";
import { downloadFile, getFileMeta } from "@/lib/hubspot/files";
import { rowsOf, currentDb, asDb } from "@/lib/db/current";
import {
  getCustomer,
  getInvoice,
  getQuote,
  listAppointments,
  listConversations,
  listCustomerFileIds,
  listInterventions,
  listInvoices,
  listQuotes,
} from "@/lib/hubspot/queries";
import { enqueueHubSpotWrite, enqueueNotification, wakeOutbox } from "@/lib/outbox/enqueue";
import { getEnv } from "@/lib/env";
import { KEPT_AFTER_ERASURE } from "@/lib/model/retention";
import { toE164 } from "@/lib/contact/phone";
import { pruneVerifications } from "./verification-codes";

/**
 * "Télécharger mes données" (RGPD art. 15 and 20): a ZIP with `donnees.json` (everything the
 * portal and HubSpot hold about this customer, machine-readable), `LISEZMOI.txt` (purposes,
 * recipients, retention, source, rights), and the PDFs of their invoices, quotes and files.
 * Built by the outbox worker (it takes seconds to minutes), with progress in `data_exports`.
 * Only this contact's data: every HubSpot read is an ownership-checked query by contact id, every
 * portal table is filtered on this contact id.
 */
export const BUILD_EXPORT_OPERATION = "account.buildExport";
export const EXPORT_AVAILABLE_DAYS = 7;
/** A new export at most every 5 minutes (each one reads everything from HubSpot). */
const MIN_INTERVAL_MS = 5 * 60 * 1000;
/** Attached files (photos, reports) above this total are listed but not included. */
const MAX_FILE_BYTES = 40 * 1024 * 1024;

export type ExportState = "queued" | "running" | "ready" | "failed" | "expired";
export interface ExportStatus {
  id: string;
  status: ExportState;
  progress: number;
  step: string | null;
  sizeBytes: number | null;
  createdAt: string;
  expiresAt: string | null;
}

type Row = typeof dataExports.$inferSelect;
function toStatus(r: Pick<Row, "id" | "status" | "progress" | "step" | "sizeBytes" | "createdAt" | "expiresAt">, now: number): ExportStatus {
  const expired = r.status === "ready" && r.expiresAt !== null && r.expiresAt.getTime() <= now;
  return {
    id: r.id,
    status: expired ? "expired" : (r.status as ExportState),
    progress: r.progress,
    step: r.step,
    sizeBytes: r.sizeBytes,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
  };
}

const statusColumns = {
  id: dataExports.id,
  status: dataExports.status,
  progress: dataExports.progress,
  step: dataExports.step,
  sizeBytes: dataExports.sizeBytes,
  createdAt: dataExports.createdAt,
  expiresAt: dataExports.expiresAt,
};

/** The customer's latest export (null if none). */
export async function latestExport(contactId: string, now = Date.now()): Promise<ExportStatus | null> {
  const db = await currentDb();
  const [row] = await db.select(statusColumns).from(dataExports).where(eq(dataExports.contactId, contactId)).orderBy(desc(dataExports.createdAt)).limit(1);
  return row ? toStatus(row, now) : null;
}

/** One export of this contact, or NOT_FOUND (another customer's id included). */
export async function getExportStatus(contactId: string, exportId: string, now = Date.now()): Promise<ExportStatus> {
  const db = await currentDb();
  const [row] = await db
    .select(statusColumns)
    .from(dataExports)
    .where(and(eq(dataExports.id, exportId), eq(dataExports.contactId, contactId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", `export ${exportId} is not ${contactId}'s`, { userMessage: "Export introuvable." });
  return toStatus(row, now);
}

/**
 * Asks for an export. A running one is returned as is; a new one at most every 5 minutes.
 * The build runs in the outbox worker; the customer gets an email when it is ready.
 */
export async function requestDataExport(contactId: string, options: { locale: "fr" | "en"; now?: number } = { locale: "fr" }): Promise<ExportStatus> {
  const now = options.now ?? Date.now();
  const db = await currentDb();
  // Housekeeping rides on this rare action: archives past their date lose their bytes (every customer's).
  await expireExports(db, now);
  await pruneVerifications(db, now);
  const latest = await latestExport(contactId, now);
  if (latest && (latest.status === "queued" || latest.status === "running")) return latest;
  if (latest && latest.status === "ready" && now - Date.parse(latest.createdAt) < MIN_INTERVAL_MS) return latest;
  const id = randomUUID();
  await db.transaction(async (t) => {
    const tx = asDb(t);
    await tx.insert(dataExports).values({ id, contactId, status: "queued", progress: 0, step: "queued", createdAt: new Date(now) });
    await enqueueHubSpotWrite(tx, { operation: BUILD_EXPORT_OPERATION, args: { exportId: id, locale: options.locale }, idempotencyKey: `account:export:${id}`, contactId });
  });
  wakeOutbox();
  return getExportStatus(contactId, id, now);
}

/** The ZIP's bytes, for the download route: this contact's, ready and not expired; else NOT_FOUND. */
export async function readExportArchive(contactId: string, exportId: string, now = Date.now()): Promise<{ bytes: Uint8Array; fileName: string }> {
  const db = await currentDb();
  const [row] = await db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.id, exportId), eq(dataExports.contactId, contactId)))
    .limit(1);
  if (!row || row.status !== "ready" || !row.archive || (row.expiresAt && row.expiresAt.getTime() <= now)) {
    throw new AppError("NOT_FOUND", `export ${exportId} not downloadable for ${contactId}`, {
      userMessage: "Cet export n'est pas (ou plus) disponible. Demandez-en un nouveau depuis votre compte.",
    });
  }
  const { company } = await getSettings();
  return { bytes: new Uint8Array(row.archive), fileName: exportFileName(row.createdAt, company?.tradeName ?? null) };
}

/** "mes-donnees-duret-electricite-2026-12-07.zip": the company's name without its accents (when entered), the request's day in Paris. */
export function exportFileName(createdAt: Date, companyName: string | null): string {
  return `mes-donnees-${companyName ? `${slugFilePart(companyName)}-` : ""}${parisDay(createdAt)}.zip`;
}

/** Housekeeping: archives past their date lose their bytes. */
export async function expireExports(db: Db, now = Date.now()): Promise<void> {
  await db
    .update(dataExports)
    .set({ archive: null, status: "expired" })
    .where(and(eq(dataExports.status, "ready"), lt(dataExports.expiresAt, new Date(now))));
}

// ---------------------------------------------------------------- building

export interface ExportContent {
  json: Record<string, unknown>;
  files: Record<string, Uint8Array>;
  /** The data controller as the console's settings name it when the export is built. */
  company: Company | null;
}

type Progress = (progress: number, step: string) => Promise<void>;

/** Columns never exported: secrets (hashes of codes and tokens), sealed blobs, raw bytes. */
const SECRET_COLUMN = /(hash|secret|sealed|token|payload|^result$)/i;
/** Tables whose contact rows are the export itself or its build state. */
const SKIPPED_TABLES = new Set(["data_exports", "hubspot_cache", "account_verifications"]);

/**
 * Every portal table with a `contact_id` column, this contact's rows. Found from the catalogue so
 * that tables added by later features are exported too; byte columns give their size only.
 */
async function portalRows(db: Db, contactId: string): Promise<Record<string, unknown[]>> {
  const columns = rowsOf<{ table_name: string; column_name: string; data_type: string }>(
    await db.execute(sql`
      select c.table_name, c.column_name, c.data_type from information_schema.columns c
      where c.table_schema = current_schema()
        and c.table_name in (select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'contact_id')
      order by c.table_name, c.ordinal_position`),
  );
  const byTable = new Map<string, { name: string; bytea: boolean }[]>();
  for (const c of columns) {
    if (SKIPPED_TABLES.has(c.table_name)) continue;
    const list = byTable.get(c.table_name) ?? [];
    list.push({ name: c.column_name, bytea: c.data_type === "bytea" });
    byTable.set(c.table_name, list);
  }
  const out: Record<string, unknown[]> = {};
  for (const [table, cols] of byTable) {
    const select = cols
      .filter((c) => !SECRET_COLUMN.test(c.name))
      .map((c) => (c.bytea ? sql`octet_length(${sql.identifier(c.name)}) as ${sql.identifier(`${c.name}_bytes`)}` : sql.identifier(c.name)));
    if (select.length === 0) continue;
    const rows = rowsOf<Record<string, unknown>>(
      await db.execute(sql`select ${sql.join(select, sql`, `)} from ${sql.identifier(table)} where contact_id = ${contactId}`),
    );
    if (rows.length > 0) out[table] = rows;
  }
  return out;
}

async function streamBytes(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Everything about one contact: HubSpot through ownership-checked queries, the portal's tables by contact id. */
export async function collectExportData(contactId: string, progress: Progress = async () => {}, now = new Date()): Promise<ExportContent> {
  const db = await currentDb();
  const files: Record<string, Uint8Array> = {};
  const problems: string[] = [];

  await progress(5, "profile");
  const customer = await getCustomer(contactId);
  const identities = [customer.email, toE164(customer.phone)].filter((v): v is string => Boolean(v));

  await progress(15, "interventions");
  const [interventions, appointments, conversations] = await Promise.all([listInterventions(contactId), listAppointments(contactId), listConversations(contactId)]);

  await progress(30, "documents");
  const [quoteList, invoiceList] = await Promise.all([listQuotes(contactId), listInvoices(contactId)]);
  const quotes = [];
  for (const q of quoteList) quotes.push(await getQuote(contactId, q.id));
  const invoices = [];
  for (const i of invoiceList) invoices.push(await getInvoice(contactId, i.id));

  await progress(45, "pdf");
  // The identity in force now (console → Réglages → Entreprise). Not entered yet: the data goes
  // out without the PDFs (they cannot carry a legal identity), and donnees.json says so.
  const settings = await getSettings();
  const company = settings.company ? companyView(settings.company) : null;
  if (!company) problems.push("invoice and quote PDFs not included: the company identity is not configured yet");
  for (const invoice of company ? invoices : []) {
    files[`factures/facture-${safeFilePart(invoice.number ?? invoice.id)}.pdf`] = await renderInvoicePdf(invoice, customer, company!);
  }
  for (const quote of company ? quotes : []) {
    if (quote.signedFileId) continue; // the signed PDF comes with the files below
    files[`devis/devis-${safeFilePart(quote.number ?? quote.id)}.pdf`] = await renderQuotePdf(quote, customer, company!);
  }

  // Quotes signed in the portal: the sealed signed PDF (with its evidence page), as kept as proof.
  const signatures = await db
    .select({ quoteNumber: quoteSignatures.quoteNumber, quoteId: quoteSignatures.quoteId, pdf: quoteSignatures.signedPdf })
    .from(quoteSignatures)
    .where(eq(quoteSignatures.contactId, contactId));
  for (const sig of signatures) files[`devis/devis-${safeFilePart(sig.quoteNumber || sig.quoteId)}-signe.pdf`] = new Uint8Array(sig.pdf);

  await progress(60, "files");
  const fileIds = [...(await listCustomerFileIds(contactId))].sort();
  const fileList: Record<string, unknown>[] = [];
  let budget = MAX_FILE_BYTES;
  for (const fileId of fileIds) {
    try {
      const meta = await getFileMeta(fileId);
      const name = `fichiers/${fileId}-${safeFilePart(meta.name)}${meta.extension ? `.${meta.extension}` : ""}`;
      if (meta.size !== null && meta.size > budget) {
        fileList.push({ ...meta, inArchive: false, reason: "too large for the archive: ask us for it" });
        continue;
      }
      const downloaded = await downloadFile(fileId);
      const bytes = await streamBytes(downloaded.body, budget);
      if (!bytes) {
        fileList.push({ ...meta, inArchive: false, reason: "too large for the archive: ask us for it" });
        continue;
      }
      budget -= bytes.byteLength;
      files[name] = bytes;
      fileList.push({ ...meta, inArchive: true, path: name });
    } catch {
      problems.push(`file ${fileId} could not be read`);
      fileList.push({ id: fileId, inArchive: false, reason: "could not be read, ask us for it" });
    }
  }

  await progress(80, "portal");
  const portal = await portalRows(db, contactId);
  const attempts =
    identities.length > 0
      ? await db
          .select({ channel: signInAttempts.channel, identity: signInAttempts.identity, requestIp: signInAttempts.requestIp, createdAt: signInAttempts.createdAt, consumedAt: signInAttempts.consumedAt })
          .from(signInAttempts)
          .where(inArray(signInAttempts.identity, identities))
      : [];

  const json = {
    format: "duret-portal-export/1",
    generatedAt: now.toISOString(),
    controller: company ? { name: company.legalName, email: company.email, phone: company.phone.display } : null,
    contactId,
    hubspot: { contact: customer, interventions, appointments, conversations, quotes, invoices, files: fileList },
    portal: { ...portal, sign_in_attempts: attempts },
    notes: problems,
  };
  return { json, files, company };
}

function readme(locale: "fr" | "en", generatedAt: string, company: Company | null): string {
  const kept = KEPT_AFTER_ERASURE.fr.map((k) => `- ${k.what} : ${k.howLong}`).join("\n");
  void locale; // the archive explains itself in French, the customer's contract language
  const contact = company ? `Contact : ${company.email}, ${company.phone.display}.` : "Contact : depuis la rubrique Messages de votre espace client.";
  return `Vos données${company ? ` — ${company.name}` : ""}
Archive générée le ${generatedAt}.

Contenu
- donnees.json : toutes les données que l'espace client et notre logiciel de gestion (HubSpot) détiennent sur vous, au format JSON (lisible par une machine, RGPD art. 20).
- factures/ et devis/ : vos factures et devis en PDF.
- fichiers/ : les photos, rapports et pièces jointes de vos interventions et échanges.

Pourquoi nous traitons ces données (RGPD art. 15)
- Exécuter vos interventions, devis et factures (contrat) ; vous prévenir de vos rendez-vous et du suivi (contrat, et vos préférences) ; tenir la comptabilité (obligation légale).

Où elles sont et qui les reçoit
- HubSpot (logiciel de gestion de la relation client), l'espace client (base de données hébergée en France/UE), notre prestataire d'e-mail et Twilio (SMS), notre logiciel comptable (Sage). Aucune donnée n'est vendue ni utilisée pour de la publicité sans votre accord.

Combien de temps
- Données client : 3 ans après notre dernier contact. Pièces comptables :
${kept}

Origine
- Vous-même (formulaires, échanges), nos techniciens (rapports, photos), notre comptabilité (factures, solde).

Vos droits
- Accès, rectification (rubrique Compte), effacement (« Supprimer mon compte »), opposition, limitation, portabilité. ${contact} Vous pouvez aussi saisir la CNIL (www.cnil.fr).
`;
}

/** The ZIP: deterministic paths, data first. */
export function zipExport(content: ExportContent, generatedAt: string, locale: "fr" | "en" = "fr"): Uint8Array {
  const entries: Zippable = {
    "LISEZMOI.txt": strToU8(readme(locale, generatedAt, content.company)),
    "donnees.json": strToU8(JSON.stringify(content.json, null, 2)),
  };
  // PDFs and images are already compressed: store them.
  for (const [path, bytes] of Object.entries(content.files)) entries[path] = [bytes, { level: 0 }];
  return zipSync(entries, { level: 6 });
}

/** The outbox handler: builds the archive, records progress, then tells the customer. */
export async function buildExport(exportId: string, locale: "fr" | "en", now = () => new Date()): Promise<{ sizeBytes: number } | { skipped: string }> {
  const db = await currentDb();
  const [row] = await db.select({ id: dataExports.id, contactId: dataExports.contactId, status: dataExports.status }).from(dataExports).where(eq(dataExports.id, exportId)).limit(1);
  // Erased in the meantime (rows deleted) or already built by an earlier attempt.
  if (!row) return { skipped: "export no longer exists" };
  if (row.status === "ready") return { skipped: "already built" };
  const progress: Progress = async (p, step) => {
    await db.update(dataExports).set({ status: "running", progress: p, step }).where(eq(dataExports.id, exportId));
  };
  try {
    const content = await collectExportData(row.contactId, progress, now());
    await progress(90, "zip");
    const archive = zipExport(content, now().toISOString(), locale);
    const done = now();
    const expiresAt = new Date(done.getTime() + EXPORT_AVAILABLE_DAYS * 24 * 3600 * 1000);
    const customer = content.json.hubspot as { contact: { email: string | null } };
    await db.transaction(async (t) => {
      const tx = asDb(t);
      await tx
        .update(dataExports)
        .set({ status: "ready", progress: 100, step: "ready", archive, sizeBytes: archive.byteLength, finishedAt: done, expiresAt, error: null })
        .where(eq(dataExports.id, exportId));
      if (customer.contact.email) {
        await enqueueNotification(tx, {
          kind: "email",
          template: "export-ready",
          to: customer.contact.email,
          locale,
          data: { url: new URL("/compte#mes-donnees-titre", getEnv().SITE_URL).toString(), availableDays: EXPORT_AVAILABLE_DAYS },
          idempotencyKey: `account:export-ready:${exportId}`,
          contactId: row.contactId,
        });
      }
    });
    wakeOutbox();
    return { sizeBytes: archive.byteLength };
  } catch (error) {
    await db
      .update(dataExports)
      .set({ status: "queued", step: "retrying", error: error instanceof Error ? error.message.slice(0, 300) : "failed" })
      .where(eq(dataExports.id, exportId));
    throw error;
  }
}

/** After the outbox gave up: the page shows a failure and offers to try again. */
export async function markExportFailed(exportId: string): Promise<void> {
  const db = await currentDb();
  await db.update(dataExports).set({ status: "failed", step: "failed" }).where(eq(dataExports.id, exportId));
}
