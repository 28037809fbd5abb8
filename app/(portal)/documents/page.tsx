import type { Metadata } from "next";
import { DocumentsView } from "@/components/documents/documents-view";
import { requireCustomer } from "@/lib/auth/session";
import { listInvoices, listQuotes } from "@/lib/hubspot/queries";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("documents.title") };
}

export default async function DocumentsPage() {
  const { contactId } = await requireCustomer();
  const [quotes, invoices, i18n] = await Promise.all([listQuotes(contactId), listInvoices(contactId), getI18n()]);
  return <DocumentsView i18n={i18n} quotes={quotes} invoices={invoices} />;
}
