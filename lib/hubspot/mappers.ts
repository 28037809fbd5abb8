import "server-only";
import { CUSTOMER_NOTE_HEADER, STAFF_VISIBLE_MARKER } from "./markers";
import { parisDateOf } from "@/lib/time/paris";
import type { HsFile, HsObject, HsOwner } from "./schemas";
import { INTERVENTION_STAGE_KEYS, INTERVENTION_TYPES, REQUEST_KINDS, SERVICE_DESK_STAGE_KEYS, type InterventionStageKey, type ServiceDeskStageKey } from "@/lib/model/vocabulary";
import type {
  Appointment,
  Conversation,
  ConversationMessage,
  Customer,
  DocumentLine,
  FileRef,
  Intervention,
  InterventionType,
  Invoice,
  InvoiceStatus,
  MeetingOutcome,
  Quote,
  QuoteStatus,
  RequestKind,
  Technician,
  Totals,
} from "@/lib/model/types";

/**
 * The one place where HubSpot properties become domain types (types.ts). Pure functions: the
 * data they need beyond the object itself (stage keys, owners, today's date) is passed in.
 */

/** Properties read per object type: requesting them explicitly keeps responses small. */
export const READ_PROPERTIES = {
  contacts: [
    "firstname", "lastname", "email", "phone", "mobilephone", "address", "zip", "city",
    "hs_language", "sage_customer_code", "sage_balance_due", "geo_lat", "geo_lng", "portal_language",
    "portal_customer_type",
  ],
  tickets: [
    "subject", "content", "hs_pipeline", "hs_pipeline_stage", "hubspot_owner_id", "createdate", "hs_lastmodifieddate",
    "intervention_type", "request_kind", "intervention_address", "intervention_start", "intervention_end", "eta",
    "report_file_id", "photos_before_file_ids", "photos_after_file_ids", "portal_booking_id",
    "satisfaction_overall", "satisfaction_technician", "satisfaction_punctual", "satisfaction_nps", "satisfaction_comment",
  ],
  meetings: [
    "hs_meeting_title", "hs_timestamp", "hs_meeting_start_time", "hs_meeting_end_time", "hs_meeting_location",
    "hs_meeting_outcome", "hubspot_owner_id",
  ],
  notes: ["hs_note_body", "hs_timestamp", "hs_attachment_ids", "hs_created_by_user_id"],
  quotes: [
    "hs_title", "hs_quote_number", "sage_quote_number", "hs_status", "hs_expiration_date", "hs_quote_amount", "hs_currency",
    "hs_sign_status", "hs_esign_date", "sage_total_ht", "sage_total_tva", "sage_total_ttc", "portal_signature_status",
    "portal_signed_at", "portal_signed_file_id", "customer_is_consumer", "hs_createdate",
  ],
  invoices: [
    "hs_number", "sage_invoice_number", "hs_invoice_status", "hs_currency", "hs_invoice_date", "hs_due_date",
    "hs_amount_billed", "hs_amount_paid", "hs_balance_due", "hs_subtotal", "hs_tax", "sage_total_ht", "sage_total_tva",
    "sage_total_ttc", "sage_amount_paid", "sage_payment_terms", "hs_invoice_link", "hs_pdf_download_link",
  ],
  line_items: ["name", "description", "quantity", "price", "amount", "sage_vat_rate", "hs_position_on_quote", "tax"],
  deals: ["dealname", "pipeline", "dealstage", "sage_quote_number"],
} as const satisfies Record<string, readonly string[]>;

// ---- value helpers ----

type Props = HsObject["properties"];

export function str(props: Props, name: string): string | null {
  const v = props[name];
  if (v === null || v === undefined) return null;
  const t = v.trim();
  return t === "" ? null : t;
}

export function num(props: Props, name: string): number | null {
  const v = str(props, name);
  if (v === null) return null;
  const n = Number(v.replace(",", "."));
  return Number.isFinite(n) ? n : null;
}

export function money(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

/** An absolute https URL (links HubSpot gives for the browser); anything else is treated as absent. */
export function httpsUrl(props: Props, name: string): string | null {
  const v = str(props, name);
  if (v === null || !URL.canParse(v)) return null;
  const url = new URL(v);
  return url.protocol === "https:" && url.hostname !== "" && url.username === "" && url.password === "" ? url.href : null;
}

export function bool(props: Props, name: string): boolean | null {
  const v = str(props, name)?.toLowerCase();
  if (v === "true" || v === "1" || v === "yes") return true;
  if (v === "false" || v === "0" || v === "no") return false;
  return null;
}

/** HubSpot datetimes come as ISO strings or epoch milliseconds; anything else is dropped. */
export function isoDateTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const date = /^\d{10,}$/.test(trimmed) ? new Date(Number(trimmed)) : new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** HubSpot date properties: "YYYY-MM-DD", midnight-UTC epoch ms, or an ISO datetime. */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
  return isoDateTime(trimmed)?.slice(0, 10) ?? null;
}

/** "id1;id2" lists (hs_attachment_ids, photo ids). */
export function idList(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** HubSpot note bodies are HTML: reduce to text (the UI renders text, never HubSpot HTML). */
export function htmlToText(html: string | null): string {
  if (!html) return "";
  return html
    .replace(/<\s*br\s*\/?>/gi, "\n")
    .replace(/<\/\s*(p|div|li|h[1-6])\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// ---- mappers ----

export function toTechnician(owner: HsOwner | undefined | null): Technician | null {
  if (!owner) return null;
  return { id: owner.id, firstName: owner.firstName ?? null, lastName: owner.lastName ?? null, email: owner.email ?? null };
}

export function toCustomer(o: HsObject): Customer {
  const p = o.properties;
  const lat = num(p, "geo_lat");
  const lng = num(p, "geo_lng");
  const language = (str(p, "portal_language") ?? str(p, "hs_language") ?? "fr").toLowerCase().startsWith("en") ? "en" : "fr";
  return {
    id: o.id,
    firstName: str(p, "firstname"),
    lastName: str(p, "lastname"),
    email: str(p, "email")?.toLowerCase() ?? null,
    phone: str(p, "phone") ?? str(p, "mobilephone"),
    address: { line: str(p, "address"), zip: str(p, "zip"), city: str(p, "city") },
    geo: lat !== null && lng !== null && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : null,
    sageCustomerCode: str(p, "sage_customer_code"),
    sageBalanceDue: money(num(p, "sage_balance_due")),
    language,
    // Only an explicit "professionnel" makes a business; unknown is a consumer (protective default).
    kind: str(p, "portal_customer_type")?.toLowerCase() === "professionnel" ? "business" : "consumer",
  };
}

export interface StageLookup {
  /** HubSpot stage id → spec key, for the pipeline concerned. */
  interventionStages: Record<string, InterventionStageKey>;
  serviceDeskStages: Record<string, ServiceDeskStageKey>;
}
export type OwnerLookup = Record<string, HsOwner>;

const INTERVENTION_TYPE_VALUES = INTERVENTION_TYPES.map((t) => t.value) as InterventionType[];
const REQUEST_KIND_VALUES = REQUEST_KINDS.map((t) => t.value) as RequestKind[];

export function toIntervention(o: HsObject, stages: StageLookup["interventionStages"], owners: OwnerLookup): Intervention {
  const p = o.properties;
  const stageId = str(p, "hs_pipeline_stage");
  const ownerId = str(p, "hubspot_owner_id");
  const satisfaction = {
    overall: num(p, "satisfaction_overall"),
    technician: num(p, "satisfaction_technician"),
    punctual: bool(p, "satisfaction_punctual"),
    nps: num(p, "satisfaction_nps"),
    comment: str(p, "satisfaction_comment"),
  };
  const answered = Object.values(satisfaction).some((v) => v !== null);
  return {
    id: o.id,
    subject: str(p, "subject") ?? "Intervention",
    description: str(p, "content"),
    type: oneOf(str(p, "intervention_type"), INTERVENTION_TYPE_VALUES),
    stage: stageId !== null ? oneOf(stages[stageId] ?? null, INTERVENTION_STAGE_KEYS) : null,
    technician: ownerId ? toTechnician(owners[ownerId]) : null,
    address: str(p, "intervention_address"),
    start: isoDateTime(str(p, "intervention_start")),
    end: isoDateTime(str(p, "intervention_end")),
    eta: isoDateTime(str(p, "eta")),
    photosBeforeFileIds: idList(str(p, "photos_before_file_ids")),
    photosAfterFileIds: idList(str(p, "photos_after_file_ids")),
    reportFileId: str(p, "report_file_id"),
    satisfaction: answered ? satisfaction : null,
    bookingId: str(p, "portal_booking_id"),
    createdAt: isoDateTime(str(p, "createdate")) ?? o.createdAt ?? null,
    updatedAt: isoDateTime(str(p, "hs_lastmodifieddate")) ?? o.updatedAt ?? null,
  };
}

const OUTCOMES: MeetingOutcome[] = ["SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"];

export function toAppointment(o: HsObject, owners: OwnerLookup, interventionId: string | null): Appointment {
  const p = o.properties;
  const ownerId = str(p, "hubspot_owner_id");
  const outcome = str(p, "hs_meeting_outcome")?.toUpperCase() ?? null;
  return {
    id: o.id,
    title: str(p, "hs_meeting_title") ?? "Rendez-vous",
    start: isoDateTime(str(p, "hs_meeting_start_time")) ?? isoDateTime(str(p, "hs_timestamp")),
    end: isoDateTime(str(p, "hs_meeting_end_time")),
    location: str(p, "hs_meeting_location"),
    // HubSpot spells it CANCELED; accept the British spelling some integrations write.
    outcome: oneOf(outcome === "CANCELLED" ? "CANCELED" : outcome, OUTCOMES),
    technician: ownerId ? toTechnician(owners[ownerId]) : null,
    interventionId,
    // Meetings take no custom property: which reservation a meeting mirrors is the portal's
    // record (reservations.hubspot_meeting_id), matched in lib/bookings.
    bookingId: null,
  };
}

function totalsFrom(ht: number | null, tva: number | null, ttc: number | null): Totals {
  const t = { ht: money(ht), tva: money(tva), ttc: money(ttc) };
  if (t.tva === null && t.ht !== null && t.ttc !== null) t.tva = money(t.ttc - t.ht);
  if (t.ttc === null && t.ht !== null && t.tva !== null) t.ttc = money(t.ht + t.tva);
  if (t.ht === null && t.ttc !== null && t.tva !== null) t.ht = money(t.ttc - t.tva);
  return t;
}

/** Quotes HubSpot has not published yet are not shown to customers. */
export const UNPUBLISHED_QUOTE_STATUSES = new Set(["DRAFT", "PENDING_APPROVAL", "REJECTED"]);

export function quoteStatus(p: Props, today: string): QuoteStatus {
  const portal = str(p, "portal_signature_status");
  const hs = str(p, "hs_status")?.toUpperCase() ?? null;
  const sign = str(p, "hs_sign_status")?.toUpperCase() ?? null;
  if (portal === "signed" || hs === "ACCEPTED" || sign === "ESIGN_COMPLETED") return "signed";
  if (portal === "refused" || hs === "LOST") return "refused";
  const expires = isoDate(str(p, "hs_expiration_date"));
  // A quote stays signable through its expiry day.
  if (expires !== null && expires < today) return "expired";
  return "to_sign";
}

export function toQuote(o: HsObject, today: string, dealId: string | null, lines: DocumentLine[] = []): Quote {
  const p = o.properties;
  return {
    id: o.id,
    number: str(p, "sage_quote_number") ?? str(p, "hs_quote_number"),
    title: str(p, "hs_title") ?? "Devis",
    status: quoteStatus(p, today),
    expiresAt: isoDate(str(p, "hs_expiration_date")),
    totals: totalsFrom(num(p, "sage_total_ht"), num(p, "sage_total_tva"), num(p, "sage_total_ttc") ?? num(p, "hs_quote_amount")),
    currency: str(p, "hs_currency") ?? "EUR",
    lines,
    isConsumer: bool(p, "customer_is_consumer"),
    signedAt: isoDateTime(str(p, "portal_signed_at")) ?? isoDateTime(str(p, "hs_esign_date")),
    signedFileId: str(p, "portal_signed_file_id"),
    dealId,
    createdAt: isoDateTime(str(p, "hs_createdate")) ?? o.createdAt ?? null,
  };
}

export function invoiceStatus(p: Props, today: string): InvoiceStatus | null {
  const status = str(p, "hs_invoice_status")?.toLowerCase() ?? null;
  if (status === "paid") return "paid";
  if (status === "voided") return "voided";
  if (status === "open") {
    const due = isoDate(str(p, "hs_due_date"));
    return due !== null && due < today ? "overdue" : "open";
  }
  return null; // drafts (and unknown states) are not shown to customers
}

export function toInvoice(o: HsObject, today: string, lines: DocumentLine[] = []): Invoice | null {
  const p = o.properties;
  const status = invoiceStatus(p, today);
  if (status === null) return null;
  const totals = totalsFrom(num(p, "sage_total_ht") ?? num(p, "hs_subtotal"), num(p, "sage_total_tva") ?? num(p, "hs_tax"), num(p, "sage_total_ttc") ?? num(p, "hs_amount_billed"));
  let amountPaid = money(num(p, "sage_amount_paid") ?? num(p, "hs_amount_paid"));
  if (amountPaid === null && status === "paid") amountPaid = totals.ttc;
  let amountDue = money(num(p, "hs_balance_due"));
  if (amountDue === null && totals.ttc !== null) amountDue = money(Math.max(0, totals.ttc - (amountPaid ?? 0)));
  if (status === "paid" || status === "voided") amountDue = 0;
  return {
    id: o.id,
    number: str(p, "sage_invoice_number") ?? str(p, "hs_number"),
    status,
    issuedAt: isoDate(str(p, "hs_invoice_date")),
    dueAt: isoDate(str(p, "hs_due_date")),
    totals,
    amountPaid,
    amountDue,
    paymentTerms: str(p, "sage_payment_terms"),
    currency: str(p, "hs_currency") ?? "EUR",
    lines,
    hostedPageUrl: httpsUrl(p, "hs_invoice_link"),
    hostedPdfUrl: httpsUrl(p, "hs_pdf_download_link"),
  };
}

export function toDocumentLine(o: HsObject): DocumentLine {
  const p = o.properties;
  const quantity = num(p, "quantity");
  const unitPrice = num(p, "price");
  const amount = num(p, "amount");
  return {
    id: o.id,
    name: str(p, "name") ?? "",
    description: str(p, "description"),
    quantity,
    unitPrice: money(unitPrice),
    vatRate: num(p, "sage_vat_rate"),
    totalHt: money(amount ?? (quantity !== null && unitPrice !== null ? quantity * unitPrice : null)),
  };
}

/** Lines in the order the document shows them (hs_position_on_quote), then by id. */
export function sortLines(objects: HsObject[]): HsObject[] {
  return [...objects].sort((a, b) => {
    const pa = num(a.properties, "hs_position_on_quote") ?? Number.MAX_SAFE_INTEGER;
    const pb = num(b.properties, "hs_position_on_quote") ?? Number.MAX_SAFE_INTEGER;
    return pa - pb || Number(a.id) - Number(b.id);
  });
}

/**
 * A note as a message of the conversation, or null for an internal note (lib/hubspot/markers.ts):
 * the customer's own messages (written by the portal, with its header) and staff notes that start
 * with « #client ». Every other note never reaches customers.
 */
export function toMessage(note: HsObject): ConversationMessage | null {
  const p = note.properties;
  const html = str(p, "hs_note_body") ?? "";
  const text = htmlToText(html);
  let author: ConversationMessage["author"];
  let body: string;
  if (html.startsWith(CUSTOMER_NOTE_HEADER) && !str(p, "hs_created_by_user_id")) {
    author = "customer";
    body = htmlToText(html.slice(CUSTOMER_NOTE_HEADER.length));
  } else if (STAFF_VISIBLE_MARKER.test(text)) {
    author = "staff";
    body = text.replace(STAFF_VISIBLE_MARKER, "");
  } else {
    return null;
  }
  return {
    id: note.id,
    author,
    body,
    at: isoDateTime(str(p, "hs_timestamp")) ?? note.createdAt ?? null,
    attachmentIds: idList(str(p, "hs_attachment_ids")),
  };
}

export function toConversation(ticket: HsObject, stages: StageLookup["serviceDeskStages"], notes: HsObject[]): Conversation {
  const p = ticket.properties;
  const stageId = str(p, "hs_pipeline_stage");
  const messages = notes
    .map(toMessage)
    .filter((m): m is ConversationMessage => m !== null)
    .sort((a, b) => (a.at ?? "").localeCompare(b.at ?? "") || Number(a.id) - Number(b.id));
  return {
    id: ticket.id,
    kind: oneOf(str(p, "request_kind"), REQUEST_KIND_VALUES),
    subject: str(p, "subject") ?? "Demande",
    stage: stageId !== null ? oneOf(stages[stageId] ?? null, SERVICE_DESK_STAGE_KEYS) : null,
    messages,
    createdAt: isoDateTime(str(p, "createdate")) ?? ticket.createdAt ?? null,
    updatedAt: isoDateTime(str(p, "hs_lastmodifieddate")) ?? ticket.updatedAt ?? null,
  };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  heic: "image/heic",
  pdf: "application/pdf",
  txt: "text/plain",
  csv: "text/csv",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

export function toFileRef(f: HsFile): FileRef {
  const extension = f.extension?.toLowerCase().replace(/^\./, "") || null;
  return {
    id: f.id,
    name: f.name ?? `fichier-${f.id}`,
    extension,
    type: f.type ?? null,
    mimeType: (extension && MIME_BY_EXTENSION[extension]) ?? null,
    size: typeof f.size === "number" ? f.size : null,
  };
}

/** Today's date in France (quote expiry and invoice due dates are French calendar dates). */
export function todayInFrance(now: Date = new Date()): string {
  // lib/bookings/time: offsets memoized per day. A new Intl.DateTimeFormat per call cost ≈ 2.5 % of
  // a dashboard view's server time (every list of quotes and invoices asks for today).
  return parisDateOf(now.getTime());
}
