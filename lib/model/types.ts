import type { InterventionStageKey, ServiceDeskStageKey } from "@/lib/model/vocabulary";

/**
 * The portal's domain types: what pages and core functions see. No HubSpot shape leaks past
 * lib/hubspot (mappers.ts is the one place that translates).
 *
 * Conventions:
 * - Dates and times are ISO 8601 strings (UTC, e.g. "2026-11-24T08:30:00.000Z"); calendar dates
 *   without a time (quote expiry, invoice dates) are "YYYY-MM-DD". Strings keep values JSON-safe
 *   for the shared cache and for server → client props.
 * - Amounts are euros as numbers rounded to the cent (e.g. 1234.5 = 1 234,50 €); `null` when
 *   HubSpot/Sage gives nothing.
 * - Ids are HubSpot's ids (numeric strings).
 */

export interface Address {
  line: string | null;
  zip: string | null;
  city: string | null;
}

/**
 * One address of the customer's address book (home, second home, a rented flat…), kept by the
 * portal (lib/account) and offered by the booking form (lib/bookings/address-book).
 */
export interface SavedAddress {
  id: string;
  label: string | null;
  line: string;
  zip: string;
  city: string;
  isDefault: boolean;
}

export interface Customer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  address: Address;
  geo: { lat: number; lng: number } | null;
  /** Sage-synced (read-only for the portal). */
  sageCustomerCode: string | null;
  sageBalanceDue: number | null;
  language: "fr" | "en";
  /**
   * From the contact's `portal_customer_type`: "business" only when HubSpot says professionnel;
   * unknown or anything else is a consumer (the protective default: consumer mentions, the
   * withdrawal form, no 40 € recovery indemnity).
   */
  kind: CustomerKind;
}

export type CustomerKind = "consumer" | "business";

export interface Technician {
  /** HubSpot owner id. */
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

export type InterventionType = "depannage" | "diagnostic" | "mise_aux_normes" | "borne_recharge" | "entretien";

export interface Satisfaction {
  overall: number | null;
  technician: number | null;
  punctual: boolean | null;
  nps: number | null;
  comment: string | null;
}

export interface Intervention {
  id: string;
  subject: string;
  description: string | null;
  type: InterventionType | null;
  /** Stage key from spec.ts; null when the ticket's stage is unknown to the portal. */
  stage: InterventionStageKey | null;
  technician: Technician | null;
  address: string | null;
  start: string | null;
  end: string | null;
  eta: string | null;
  photosBeforeFileIds: string[];
  photosAfterFileIds: string[];
  reportFileId: string | null;
  /** null until the customer answered the survey. */
  satisfaction: Satisfaction | null;
  bookingId: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export type MeetingOutcome = "SCHEDULED" | "COMPLETED" | "RESCHEDULED" | "NO_SHOW" | "CANCELED";

export interface Appointment {
  id: string;
  title: string;
  start: string | null;
  end: string | null;
  location: string | null;
  outcome: MeetingOutcome | null;
  technician: Technician | null;
  /** The intervention (ticket) this visit belongs to, when associated. */
  interventionId: string | null;
  bookingId: string | null;
}

export interface Totals {
  ht: number | null;
  tva: number | null;
  ttc: number | null;
}

export interface DocumentLine {
  id: string;
  name: string;
  description: string | null;
  quantity: number | null;
  unitPrice: number | null;
  /** Percent, e.g. 20 or 5.5 (Sage). */
  vatRate: number | null;
  totalHt: number | null;
}

export type QuoteStatus = "to_sign" | "signed" | "expired" | "refused";

export interface Quote {
  id: string;
  /** Sage quote number, else HubSpot's. */
  number: string | null;
  title: string;
  status: QuoteStatus;
  /** YYYY-MM-DD */
  expiresAt: string | null;
  totals: Totals;
  currency: string;
  /** Empty in lists; filled by getQuote. */
  lines: DocumentLine[];
  /**
   * The quote's own `customer_is_consumer` when HubSpot has it; null when unset, and then the
   * customer's kind decides (see lib/model/customer-kind.ts). Consumers get the withdrawal period and form.
   */
  isConsumer: boolean | null;
  signedAt: string | null;
  signedFileId: string | null;
  dealId: string | null;
  createdAt: string | null;
}

export type InvoiceStatus = "open" | "overdue" | "paid" | "voided";

export interface Invoice {
  id: string;
  /** Sage invoice number, else HubSpot's. */
  number: string | null;
  status: InvoiceStatus;
  /** YYYY-MM-DD */
  issuedAt: string | null;
  dueAt: string | null;
  totals: Totals;
  amountPaid: number | null;
  amountDue: number | null;
  paymentTerms: string | null;
  currency: string;
  /** Empty in lists; filled by getInvoice. */
  lines: DocumentLine[];
  /**
   * HubSpot's hosted page of the invoice (`hs_invoice_link`), where the buyer pays online when
   * HubSpot payments or Stripe is set up; null when HubSpot gives none (never made up by the portal).
   */
  hostedPageUrl: string | null;
  /** HubSpot's own PDF of the invoice (`hs_pdf_download_link`); null when none. */
  hostedPdfUrl: string | null;
}

export type RequestKind = "quote_request" | "after_sales" | "special_slot";

export interface ConversationMessage {
  id: string;
  author: "customer" | "staff";
  /** Plain text (HubSpot's HTML note bodies are reduced to text). */
  body: string;
  at: string | null;
  attachmentIds: string[];
}

export interface Conversation {
  id: string;
  kind: RequestKind | null;
  subject: string;
  stage: ServiceDeskStageKey | null;
  /** Oldest first; only notes flagged portal_visible. */
  messages: ConversationMessage[];
  createdAt: string | null;
  updatedAt: string | null;
}

export interface FileRef {
  id: string;
  /** Without extension, as HubSpot gives it. */
  name: string;
  extension: string | null;
  /** HubSpot's coarse type: IMG, DOCUMENT, … */
  type: string | null;
  mimeType: string | null;
  size: number | null;
}
