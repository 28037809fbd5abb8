import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { QuoteDetail } from "@/components/documents/quote-detail";
import { requireCustomer } from "@/lib/auth/session";
import { getQuoteDocument, type QuoteDocument } from "@/lib/documents/get-document";
import { recordQuoteOpened } from "@/lib/documents/open-quote";
import { consentTextFor } from "@/lib/documents/request-signing-code";
import { isAppError } from "@/lib/errors";
import { getI18n } from "@/lib/auth/locale";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("documents.detail.quoteMeta") };
}

export default async function QuotePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ signe?: string | string[] }> }) {
  const { contactId } = await requireCustomer();
  const { id } = await params;
  let doc: QuoteDocument;
  try {
    // Opening a quote to sign is evidence (first opening recorded) and stores the PDF shown.
    await recordQuoteOpened(contactId, id);
    doc = await getQuoteDocument(contactId, id);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const i18n = await getI18n();
  const name = [doc.customer.firstName, doc.customer.lastName].filter(Boolean).join(" ");
  // ?signe=1: the address the signing form goes to once the quote is signed; the thanks stays on screen.
  const justSigned = (await searchParams).signe === "1" && doc.quote.status === "signed";
  return <QuoteDetail i18n={i18n} doc={doc} consentText={consentTextFor(doc.quote)} signerName={name} justSigned={justSigned} />;
}
