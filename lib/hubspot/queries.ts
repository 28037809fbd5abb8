import "server-only";
import { createHash } from "node:crypto";
import { normalizeEmail } from "@/lib/contact/email";
import { toE164 } from "@/lib/contact/phone";
import { AppError } from "@/lib/errors";
import { batchAssociatedIds, batchReadObjects, listAssociatedIds, listOwners, readObject, searchObjects, type SearchRequest } from "./api";
import { CACHE_TTL, cacheTags, cached } from "./cache";
import {
  READ_PROPERTIES,
  UNPUBLISHED_QUOTE_STATUSES,
  sortLines,
  str,
  toAppointment,
  toConversation,
  toCustomer,
  toDocumentLine,
  toIntervention,
  toInvoice,
  toMessage,
  toQuote,
  toTechnician,
  todayInFrance,
  type OwnerLookup,
} from "./mappers";
import { resolvePipeline } from "./pipelines";
import type { HsObject, HsOwner } from "./schemas";
import type { InterventionStageKey, ServiceDeskStageKey } from "@/lib/model/vocabulary";
import type { Appointment, Conversation, Customer, DocumentLine, Intervention, Invoice, Quote, Technician } from "@/lib/model/types";

/**
 * The portal's reads. Every function that takes a `contactId` returns only what HubSpot associates
 * to that contact: a foreign or unknown id gives AppError NOT_FOUND (never another customer's data,
 * and no hint that it exists). Reads go through the shared cache; a cold page costs a handful of
 * batched calls (associations v4 batch + objects batch read), a warm one none.
 */

// ---- cached raw loaders ----

function notFound(what: string, id: string): AppError {
  return new AppError("NOT_FOUND", `${what} ${id} is not associated to this customer`);
}

function assertId(id: string, what: string): void {
  if (!/^\d{1,20}$/.test(id)) throw new AppError("NOT_FOUND", `Invalid ${what} id`);
}

function idsKey(ids: readonly string[]): string {
  return createHash("sha1").update([...ids].sort().join(",")).digest("hex").slice(0, 16);
}

async function loadContactObject(contactId: string): Promise<HsObject> {
  assertId(contactId, "contact");
  return cached({ key: `contact:${contactId}`, tags: [cacheTags.contact(contactId)], ttlSeconds: CACHE_TTL.webhookCovered }, () =>
    readObject("contacts", contactId, READ_PROPERTIES.contacts),
  );
}

/** All the contact's tickets (interventions and service-desk requests). */
async function loadContactTickets(contactId: string): Promise<HsObject[]> {
  assertId(contactId, "contact");
  return cached(
    {
      key: `contact-tickets:${contactId}`,
      tags: (tickets: HsObject[]) => [cacheTags.contactList(contactId, "tickets"), ...tickets.map((t) => cacheTags.ticket(t.id))],
      ttlSeconds: CACHE_TTL.webhookCovered,
    },
    async () => batchReadObjects("tickets", await listAssociatedIds("contacts", contactId, "tickets"), READ_PROPERTIES.tickets),
  );
}

/** Notes on the given tickets of a contact, by ticket id. */
async function loadTicketNotes(contactId: string, ticketIds: readonly string[]): Promise<Record<string, HsObject[]>> {
  if (ticketIds.length === 0) return {};
  return cached(
    {
      key: `contact-ticket-notes:${contactId}:${idsKey(ticketIds)}`,
      tags: (byTicket: Record<string, HsObject[]>) => [
        cacheTags.contactList(contactId, "tickets"),
        ...ticketIds.map((id) => cacheTags.ticketNotes(id)),
        ...Object.values(byTicket).flatMap((notes) => notes.map((n) => cacheTags.note(n.id))),
      ],
      ttlSeconds: CACHE_TTL.bounded,
    },
    async () => {
      const assoc = await batchAssociatedIds("tickets", ticketIds, "notes");
      const notes = await batchReadObjects("notes", [...assoc.values()].flat(), READ_PROPERTIES.notes);
      const byId = new Map(notes.map((n) => [n.id, n]));
      const out: Record<string, HsObject[]> = {};
      for (const id of ticketIds) out[id] = (assoc.get(id) ?? []).map((n) => byId.get(n)).filter((n): n is HsObject => n !== undefined);
      return out;
    },
  );
}

interface ContactMeetings {
  meetings: HsObject[];
  ticketByMeeting: Record<string, string | null>;
}
async function loadContactMeetings(contactId: string): Promise<ContactMeetings> {
  assertId(contactId, "contact");
  return cached(
    {
      key: `contact-meetings:${contactId}`,
      tags: (v: ContactMeetings) => [cacheTags.contactList(contactId, "meetings"), ...v.meetings.map((m) => cacheTags.meeting(m.id))],
      ttlSeconds: CACHE_TTL.bounded,
    },
    async () => {
      const meetings = await batchReadObjects("meetings", await listAssociatedIds("contacts", contactId, "meetings"), READ_PROPERTIES.meetings);
      const tickets = meetings.length ? await batchAssociatedIds("meetings", meetings.map((m) => m.id), "tickets") : new Map<string, string[]>();
      const ticketByMeeting: Record<string, string | null> = {};
      for (const m of meetings) ticketByMeeting[m.id] = tickets.get(m.id)?.[0] ?? null;
      return { meetings, ticketByMeeting };
    },
  );
}

interface ContactQuotes {
  quotes: HsObject[];
  dealByQuote: Record<string, string | null>;
}
async function loadContactQuotes(contactId: string): Promise<ContactQuotes> {
  assertId(contactId, "contact");
  return cached(
    {
      key: `contact-quotes:${contactId}`,
      tags: (v: ContactQuotes) => [
        cacheTags.contactList(contactId, "quotes"),
        ...v.quotes.map((q) => cacheTags.quote(q.id)),
        ...Object.values(v.dealByQuote).flatMap((d) => (d ? [cacheTags.deal(d)] : [])),
      ],
      ttlSeconds: CACHE_TTL.bounded,
    },
    async () => {
      const quotes = await batchReadObjects("quotes", await listAssociatedIds("contacts", contactId, "quotes"), READ_PROPERTIES.quotes);
      const deals = quotes.length ? await batchAssociatedIds("quotes", quotes.map((q) => q.id), "deals") : new Map<string, string[]>();
      const dealByQuote: Record<string, string | null> = {};
      for (const q of quotes) dealByQuote[q.id] = deals.get(q.id)?.[0] ?? null;
      return { quotes, dealByQuote };
    },
  );
}

async function loadContactInvoices(contactId: string): Promise<HsObject[]> {
  assertId(contactId, "contact");
  return cached(
    {
      key: `contact-invoices:${contactId}`,
      tags: (invoices: HsObject[]) => [cacheTags.contactList(contactId, "invoices"), ...invoices.map((i) => cacheTags.invoice(i.id))],
      ttlSeconds: CACHE_TTL.bounded,
    },
    async () => batchReadObjects("invoices", await listAssociatedIds("contacts", contactId, "invoices"), READ_PROPERTIES.invoices),
  );
}

async function loadLines(parentType: "quotes" | "invoices", parentId: string): Promise<DocumentLine[]> {
  const tag = parentType === "quotes" ? cacheTags.quote(parentId) : cacheTags.invoice(parentId);
  return cached({ key: `lines:${parentType}:${parentId}`, tags: [tag], ttlSeconds: CACHE_TTL.bounded }, async () => {
    const ids = await listAssociatedIds(parentType, parentId, "line_items");
    return sortLines(await batchReadObjects("line_items", ids, READ_PROPERTIES.line_items)).map(toDocumentLine);
  });
}

export async function loadOwners(): Promise<HsOwner[]> {
  return cached({ key: "owners", tags: [cacheTags.owners], ttlSeconds: CACHE_TTL.reference }, listOwners);
}

async function ownerLookup(): Promise<OwnerLookup> {
  return Object.fromEntries((await loadOwners()).map((o) => [o.id, o]));
}

// ---- customer ----

export async function getCustomer(contactId: string): Promise<Customer> {
  return toCustomer(await loadContactObject(contactId));
}

export async function listTechnicians(): Promise<Technician[]> {
  return (await loadOwners())
    .filter((o) => !o.archived)
    .map((o) => toTechnician(o))
    .filter((t): t is Technician => t !== null);
}

// ---- interventions ----

const byDateDesc = (a: string | null, b: string | null) => (b ?? "").localeCompare(a ?? "");

export async function listInterventions(contactId: string): Promise<Intervention[]> {
  const [tickets, pipeline, owners] = await Promise.all([loadContactTickets(contactId), resolvePipeline("interventions"), ownerLookup()]);
  if (!pipeline.pipelineId) return [];
  const stages = pipeline.stageKeyById as Record<string, InterventionStageKey>;
  return tickets
    .filter((t) => str(t.properties, "hs_pipeline") === pipeline.pipelineId)
    .map((t) => toIntervention(t, stages, owners))
    .sort((a, b) => byDateDesc(a.start ?? a.createdAt, b.start ?? b.createdAt));
}

export async function getIntervention(contactId: string, ticketId: string): Promise<Intervention> {
  assertId(ticketId, "ticket");
  const found = (await listInterventions(contactId)).find((i) => i.id === ticketId);
  if (!found) throw notFound("intervention", ticketId);
  return found;
}

// ---- appointments ----

export async function listAppointments(contactId: string): Promise<Appointment[]> {
  const [{ meetings, ticketByMeeting }, owners] = await Promise.all([loadContactMeetings(contactId), ownerLookup()]);
  return meetings
    .map((m) => toAppointment(m, owners, ticketByMeeting[m.id] ?? null))
    .sort((a, b) => (a.start ?? "").localeCompare(b.start ?? ""));
}

// ---- quotes ----

export async function listQuotes(contactId: string): Promise<Quote[]> {
  const { quotes, dealByQuote } = await loadContactQuotes(contactId);
  const today = todayInFrance();
  return quotes
    .filter((q) => !UNPUBLISHED_QUOTE_STATUSES.has(str(q.properties, "hs_status")?.toUpperCase() ?? ""))
    .map((q) => toQuote(q, today, dealByQuote[q.id] ?? null))
    .sort((a, b) => byDateDesc(a.createdAt, b.createdAt));
}

export async function getQuote(contactId: string, quoteId: string): Promise<Quote> {
  assertId(quoteId, "quote");
  const quote = (await listQuotes(contactId)).find((q) => q.id === quoteId);
  if (!quote) throw notFound("quote", quoteId);
  return { ...quote, lines: await loadLines("quotes", quoteId) };
}

// ---- invoices ----

export async function listInvoices(contactId: string): Promise<Invoice[]> {
  const invoices = await loadContactInvoices(contactId);
  const today = todayInFrance();
  return invoices
    .map((i) => toInvoice(i, today))
    .filter((i): i is Invoice => i !== null)
    .sort((a, b) => byDateDesc(a.issuedAt, b.issuedAt));
}

export async function getInvoice(contactId: string, invoiceId: string): Promise<Invoice> {
  assertId(invoiceId, "invoice");
  const invoice = (await listInvoices(contactId)).find((i) => i.id === invoiceId);
  if (!invoice) throw notFound("invoice", invoiceId);
  return { ...invoice, lines: await loadLines("invoices", invoiceId) };
}

// ---- conversations (service-desk tickets) ----

export async function listConversations(contactId: string): Promise<Conversation[]> {
  const [tickets, pipeline] = await Promise.all([loadContactTickets(contactId), resolvePipeline("serviceDesk")]);
  if (!pipeline.pipelineId) return [];
  const service = tickets.filter((t) => str(t.properties, "hs_pipeline") === pipeline.pipelineId);
  const notes = await loadTicketNotes(contactId, service.map((t) => t.id));
  const stages = pipeline.stageKeyById as Record<string, ServiceDeskStageKey>;
  return service
    .map((t) => toConversation(t, stages, notes[t.id] ?? []))
    .sort((a, b) => byDateDesc(a.messages.at(-1)?.at ?? a.updatedAt, b.messages.at(-1)?.at ?? b.updatedAt));
}

export async function getConversation(contactId: string, ticketId: string): Promise<Conversation> {
  assertId(ticketId, "ticket");
  const found = (await listConversations(contactId)).find((c) => c.id === ticketId);
  if (!found) throw notFound("conversation", ticketId);
  return found;
}

/** File ids a customer may download: on their tickets, quotes, and visible notes of their tickets. */
export async function listCustomerFileIds(contactId: string): Promise<Set<string>> {
  const [interventions, quotes, tickets] = await Promise.all([listInterventions(contactId), listQuotes(contactId), loadContactTickets(contactId)]);
  const ids = new Set<string>();
  for (const i of interventions) {
    for (const id of [...i.photosBeforeFileIds, ...i.photosAfterFileIds]) ids.add(id);
    if (i.reportFileId) ids.add(i.reportFileId);
  }
  for (const q of quotes) if (q.signedFileId) ids.add(q.signedFileId);
  const notes = await loadTicketNotes(contactId, tickets.map((t) => t.id));
  for (const list of Object.values(notes)) {
    for (const note of list) {
      const message = toMessage(note);
      for (const id of message?.attachmentIds ?? []) ids.add(id);
    }
  }
  return ids;
}

// ---- look-ups for sign-in ----

type Filter = { propertyName: string; operator: string; value?: string; values?: string[] };
/** Sign-in look-ups are not cached: they are rare, and a stale answer could open the wrong account. */
function searchRequest(groups: Filter[][], properties: string[]): SearchRequest {
  return { filterGroups: groups.map((filters) => ({ filters })), properties, limit: 10 } as unknown as SearchRequest;
}

export async function findContactIdByEmail(email: string): Promise<string | null> {
  const normalized = normalizeEmail(email);
  if (!/^[^\s@]+@[^\s@]+$/.test(normalized)) return null;
  const { results } = await searchObjects("contacts", searchRequest([[{ propertyName: "email", operator: "EQ", value: normalized }]], ["email"]));
  const match = results.filter((r) => str(r.properties, "email")?.toLowerCase() === normalized).sort((a, b) => Number(a.id) - Number(b.id))[0];
  return match?.id ?? null;
}

/** French numbers are stored in many formats; the search covers the usual ones. */
export function phoneVariants(e164: string): string[] {
  const digits = e164.replace(/[^\d+]/g, "");
  const variants = new Set([digits]);
  const fr = /^\+33(\d{9})$/.exec(digits);
  if (fr?.[1]) {
    const national = `0${fr[1]}`;
    const pairs = national.match(/\d{2}/g) ?? [];
    variants.add(national);
    variants.add(pairs.join(" "));
    variants.add(pairs.join("."));
    variants.add(`+33 ${fr[1][0]} ${fr[1].slice(1).match(/\d{2}/g)?.join(" ") ?? ""}`.trim());
  }
  return [...variants];
}

/** The stored number read by lib/contact's rule, compared in E.164. */
function samePhone(stored: string | null, e164: string): boolean {
  const normalized = toE164(stored);
  return normalized !== null && normalized === e164.replace(/[^\d+]/g, "");
}

export async function findContactIdByPhone(e164: string): Promise<string | null> {
  if (!/^\+\d{8,15}$/.test(e164.replace(/\s/g, ""))) return null;
  const values = phoneVariants(e164);
  const { results } = await searchObjects(
    "contacts",
    searchRequest(
      [[{ propertyName: "phone", operator: "IN", values }], [{ propertyName: "mobilephone", operator: "IN", values }]],
      ["phone", "mobilephone"],
    ),
  );
  const match = results
    .filter((r) => samePhone(str(r.properties, "phone"), e164) || samePhone(str(r.properties, "mobilephone"), e164))
    .sort((a, b) => Number(a.id) - Number(b.id))[0];
  return match?.id ?? null;
}
