import "server-only";
import { eq } from "drizzle-orm";
import { quoteSignatures } from "@/lib/db/schema";
import { downloadFile } from "@/lib/hubspot/files";
import { getCustomer, getInvoice, getQuote } from "@/lib/hubspot/queries";
import { currentDb } from "@/lib/db/current";
import { invoiceFileName, quoteFileName } from "./file-names";
import { renderInvoicePdf } from "@/lib/pdf/render-invoice";
import { getEnv } from "@/lib/env";
import { invoicePayment } from "./invoice-payment";
import { documentCompany } from "./company";
import { ensureQuoteOriginal } from "./quote-original";

/**
 * The PDF a customer downloads or previews, after the ownership check (getQuote / getInvoice
 * answer NOT_FOUND for anything HubSpot does not associate to the contact).
 * - A quote signed in the portal: the sealed signed PDF from the evidence table (available the
 *   moment the signature is recorded, before HubSpot has it).
 * - A quote signed elsewhere with a signed file in HubSpot: that file, streamed.
 * - Otherwise: the stored original, i.e. exactly the bytes the customer reads and would sign.
 */
export interface PdfDocument {
  body: Uint8Array | ReadableStream<Uint8Array>;
  fileName: string;
  size: number | null;
  signed: boolean;
}

export async function getQuotePdf(contactId: string, quoteId: string): Promise<PdfDocument> {
  const quote = await getQuote(contactId, quoteId);
  const number = quote.number ?? quote.id;
  const db = await currentDb();
  const [signature] = await db.select({ pdf: quoteSignatures.signedPdf }).from(quoteSignatures).where(eq(quoteSignatures.quoteId, quote.id));
  if (signature) {
    const bytes = new Uint8Array(signature.pdf);
    return { body: bytes, fileName: quoteFileName(number, true), size: bytes.byteLength, signed: true };
  }
  if (quote.status === "signed" && quote.signedFileId) {
    const file = await downloadFile(quote.signedFileId);
    return { body: file.body, fileName: quoteFileName(number, true), size: file.size, signed: true };
  }
  const original = await ensureQuoteOriginal(db, contactId, quote, await getCustomer(contactId));
  return { body: original.pdf, fileName: quoteFileName(number, false), size: original.pdf.byteLength, signed: false };
}

export async function getInvoicePdf(contactId: string, invoiceId: string): Promise<PdfDocument> {
  const [invoice, customer] = await Promise.all([getInvoice(contactId, invoiceId), getCustomer(contactId)]);
  // Rendered on demand, never stored: the identity and bank account in force now are printed.
  const company = await documentCompany();
  const payment = invoicePayment(invoice, company, { demo: getEnv().sandbox });
  const bytes = await renderInvoicePdf(invoice, customer, company, {
    payment: payment && (payment.transfer || payment.hostedPageUrl) ? { hostedPageUrl: payment.hostedPageUrl, transfer: payment.transfer } : undefined,
  });
  return { body: bytes, fileName: invoiceFileName(invoice.number ?? invoice.id), size: bytes.byteLength, signed: false };
}
