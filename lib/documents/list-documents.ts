import "server-only";
import { z } from "zod";
import { parisDateOf } from "@/lib/time/paris";
import { listInterventions, listInvoices, listQuotes } from "@/lib/hubspot/queries";
import type { Intervention, Invoice } from "@/lib/model/types";
import { currentDb } from "@/lib/db/current";
import { loadQuoteDecisions, withDecision, type QuoteWithDecision } from "./quote-state";

/**
 * The Documents space: the customer's quotes (with the portal's own decisions on top), invoices
 * and intervention reports, filtered by tab, status, number and date. Filtering is pure
 * (filterDocuments) so it is tested without HubSpot.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Date au format AAAA-MM-JJ attendue");

export const QUOTE_FILTERS = ["tous", "a_signer", "signes", "expires", "refuses"] as const;
export const INVOICE_FILTERS = ["toutes", "a_payer", "en_retard", "payees"] as const;

export const documentFiltersSchema = z.object({
  onglet: z.enum(["tous", "devis", "factures", "rapports"]).catch("tous"),
  statut: z.string().max(20).optional().catch(undefined),
  q: z.string().trim().max(40).optional().catch(undefined),
  du: isoDate.optional().catch(undefined),
  au: isoDate.optional().catch(undefined),
});
export type DocumentFilters = z.output<typeof documentFiltersSchema>;

export interface ReportItem {
  interventionId: string;
  subject: string;
  /** YYYY-MM-DD of the visit (or the ticket's creation). */
  date: string | null;
  reportFileId: string | null;
  photoFileIds: string[];
}

export interface DocumentLists {
  quotes: QuoteWithDecision[];
  invoices: Invoice[];
  reports: ReportItem[];
}

function day(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : parisDateOf(d.getTime());
}

function inRange(date: string | null, f: DocumentFilters): boolean {
  if (!f.du && !f.au) return true;
  if (!date) return false;
  return (!f.du || date >= f.du) && (!f.au || date <= f.au);
}

/** "DE 2026/00142", "de-2026-00142" and "DE202600142" find the same quote; accents are ignored. */
function searchable(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

function matches(number: string | null, title: string, q: string | undefined): boolean {
  const needle = q ? searchable(q) : "";
  if (!needle) return true;
  return [number ?? "", title].some((s) => searchable(s).includes(needle));
}

const QUOTE_STATUS_BY_FILTER: Record<string, string> = { a_signer: "to_sign", signes: "signed", expires: "expired", refuses: "refused" };
const INVOICE_STATUS_BY_FILTER: Record<string, string[]> = { a_payer: ["open", "overdue"], en_retard: ["overdue"], payees: ["paid"] };

export function reportsOf(interventions: Intervention[]): ReportItem[] {
  return interventions
    .filter((i) => i.reportFileId || i.photosBeforeFileIds.length || i.photosAfterFileIds.length)
    .map((i) => ({
      interventionId: i.id,
      subject: i.subject,
      date: day(i.end ?? i.start ?? i.createdAt),
      reportFileId: i.reportFileId,
      photoFileIds: [...i.photosBeforeFileIds, ...i.photosAfterFileIds],
    }))
    .sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
}

export function filterDocuments(lists: DocumentLists, f: DocumentFilters): DocumentLists {
  const quoteStatus = f.statut ? QUOTE_STATUS_BY_FILTER[f.statut] : undefined;
  const invoiceStatuses = f.statut ? INVOICE_STATUS_BY_FILTER[f.statut] : undefined;
  return {
    quotes: lists.quotes.filter((q) => (!quoteStatus || q.status === quoteStatus) && matches(q.number, q.title, f.q) && inRange(day(q.createdAt), f)),
    invoices: lists.invoices.filter(
      (i) => (!invoiceStatuses || invoiceStatuses.includes(i.status)) && matches(i.number, "", f.q) && inRange(day(i.issuedAt), f),
    ),
    reports: lists.reports.filter((r) => matches(null, r.subject, f.q) && inRange(r.date, f)),
  };
}

/** Everything the Documents space lists for a customer, unfiltered. */
export async function loadDocumentLists(contactId: string): Promise<DocumentLists> {
  const [quotes, invoices, interventions] = await Promise.all([listQuotes(contactId), listInvoices(contactId), listInterventions(contactId)]);
  const decisions = await loadQuoteDecisions(await currentDb(), quotes.map((q) => q.id), contactId);
  return { quotes: quotes.map((q) => withDecision(q, decisions.get(q.id))), invoices, reports: reportsOf(interventions) };
}

export async function listDocuments(contactId: string, filters: DocumentFilters): Promise<{ all: DocumentLists; shown: DocumentLists }> {
  const all = await loadDocumentLists(contactId);
  return { all, shown: filterDocuments(all, filters) };
}
