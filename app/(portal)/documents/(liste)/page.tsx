import type { Metadata } from "next";
import { DocumentsView } from "@/components/documents/documents-view";
import { requireCustomer } from "@/lib/auth/session";
import { documentFiltersSchema, listDocuments } from "@/lib/documents/list-documents";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("documents.title") };
}

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { contactId } = await requireCustomer();
  const raw = await searchParams;
  const filters = documentFiltersSchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const [{ all, shown }, i18n] = await Promise.all([listDocuments(contactId, filters), getI18n()]);
  return <DocumentsView i18n={i18n} all={all} shown={shown} filters={filters} />;
}
