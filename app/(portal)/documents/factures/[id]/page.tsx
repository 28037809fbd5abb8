import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InvoiceDetail } from "@/components/documents/invoice-detail";
import { requireCustomer } from "@/lib/auth/session";
import { getInvoiceDocument, type InvoiceDocument } from "@/lib/documents/get-document";
import { isAppError } from "@/lib/errors";
import { getI18n } from "@/lib/auth/locale";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("documents.detail.invoiceMeta") };
}

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { contactId } = await requireCustomer();
  const { id } = await params;
  let doc: InvoiceDocument;
  try {
    doc = await getInvoiceDocument(contactId, id);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return <InvoiceDetail i18n={await getI18n()} doc={doc} />;
}
