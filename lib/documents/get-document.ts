import "server-only";
import { and, eq } from "drizzle-orm";
import { quoteSigningSessions } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getCustomer, getInvoice, getQuote } from "@/lib/hubspot/queries";
import type { Customer, Invoice } from "@/lib/model/types";
import { currentDb } from "@/lib/db/current";
import { remainingTries, stateOf } from "@/lib/one-time-code";
import { companyIfConfigured } from "./company";
import { epcQrSvgDataUrl, invoicePayment, type InvoicePayment } from "./invoice-payment";
import { loadQuoteDecisions, withDecision, type QuoteWithDecision } from "./quote-state";
import { quoteSigningCodes } from "./signing-code";

/**
 * One document of the signed-in customer. Ownership: lib/hubspot/queries returns only what HubSpot
 * associates to the contact; anything else is NOT_FOUND (no hint that it exists).
 */

export interface SigningProgress {
  openedAt: string;
  consentedAt: string | null;
  /** A code was sent and can still be typed. */
  codePending: { channel: "sms" | "email"; destination: string; expiresAt: string; triesLeft: number } | null;
}

export interface QuoteDocument {
  quote: QuoteWithDecision;
  customer: Customer;
  progress: SigningProgress | null;
}

/** "+33612345678" → "+33 6 •• •• 56 78"; "camille.martin@example.fr" → "c•••@example.fr". */
export function maskDestination(channel: "sms" | "email", destination: string): string {
  if (channel === "email") {
    const [local = "", domain = ""] = destination.split("@");
    return `${local.slice(0, 1)}•••@${domain}`;
  }
  const digits = destination.replace(/[^\d+]/g, "");
  if (digits.startsWith("+33") && digits.length === 12) return `+33 ${digits[3]} •• •• ${digits.slice(8, 10)} ${digits.slice(10, 12)}`;
  return `${digits.slice(0, 3)}•••${digits.slice(-4)}`;
}

export async function getQuoteDocument(contactId: string, quoteId: string, now = new Date()): Promise<QuoteDocument> {
  const [quote, customer] = await Promise.all([getQuote(contactId, quoteId), getCustomer(contactId)]);
  const db = await currentDb();
  const [decisions, [session]] = await Promise.all([
    loadQuoteDecisions(db, [quote.id], contactId),
    db
      .select()
      .from(quoteSigningSessions)
      .where(and(eq(quoteSigningSessions.quoteId, quote.id), eq(quoteSigningSessions.contactId, contactId))),
  ]);
  let progress: SigningProgress | null = null;
  if (session) {
    const live = stateOf(quoteSigningCodes, session, now.getTime()) === "live";
    progress = {
      openedAt: session.openedAt.toISOString(),
      consentedAt: session.consentedAt?.toISOString() ?? null,
      codePending:
        live && session.codeChannel && session.codeDestination
          ? {
              channel: session.codeChannel === "email" ? "email" : "sms",
              destination: maskDestination(session.codeChannel === "email" ? "email" : "sms", session.codeDestination),
              expiresAt: session.codeExpiresAt!.toISOString(),
              triesLeft: remainingTries(quoteSigningCodes.policy, { tries: session.codeTries }),
            }
          : null,
    };
  }
  return { quote: withDecision(quote, decisions.get(quote.id)), customer, progress };
}

export interface InvoiceDocument {
  invoice: Invoice;
  customer: Customer;
  /** How to pay it; null when there is nothing to pay (paid, voided, nothing due). */
  payment: InvoicePayment | null;
  /** The EPC QR code of the transfer (SVG data URL), when there is a transfer block. */
  transferQr: string | null;
  /** The company's phone as printed (settings); null until the identity is entered. */
  companyPhone: string | null;
}

export async function getInvoiceDocument(contactId: string, invoiceId: string): Promise<InvoiceDocument> {
  const [invoice, customer, company] = await Promise.all([getInvoice(contactId, invoiceId), getCustomer(contactId), companyIfConfigured()]);
  const payment = invoicePayment(invoice, company, { demo: getEnv().sandbox });
  const transferQr = payment?.transfer ? await epcQrSvgDataUrl(payment.transfer.epcPayload) : null;
  return { invoice, customer, payment, transferQr, companyPhone: company?.phone.display ?? null };
}

const FRENCH_DATE = new Intl.DateTimeFormat("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });

/** Why a quote cannot be signed or refused now, in French; null when it can. */
export function quoteDecisionBlocker(quote: QuoteWithDecision): AppError | null {
  if (quote.status === "signed") {
    return new AppError("CONFLICT", `quote ${quote.id} already signed`, { userMessage: "Ce devis est déjà signé : il n'y a plus rien à faire." });
  }
  if (quote.status === "refused") {
    return new AppError("CONFLICT", `quote ${quote.id} refused`, { userMessage: "Ce devis a été refusé : il ne peut plus être signé. Contactez-nous pour un nouveau devis." });
  }
  if (quote.status === "expired") {
    const when = quote.expiresAt ? ` le ${FRENCH_DATE.format(new Date(`${quote.expiresAt}T00:00:00Z`))}` : "";
    return new AppError("CONFLICT", `quote ${quote.id} expired`, {
      userMessage: `Ce devis a expiré${when} : il ne peut plus être signé. Demandez-nous un devis à jour depuis vos messages.`,
    });
  }
  return null;
}
