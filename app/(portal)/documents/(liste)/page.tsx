import type { Metadata } from "next";
import { DocumentsView } from "@/components/documents/documents-view";
import { CardSkeleton, LoadingStatus } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { PageUnavailable, StaleNotice, settleSection } from "@/components/ui/section-state";
import { Streamed } from "@/components/ui/streamed";
import { requireCustomer } from "@/lib/auth/session";
import { documentFiltersSchema, listDocuments, type DocumentFilters } from "@/lib/documents/list-documents";
import { withStaleness } from "@/lib/hubspot/staleness";
import { type I18n } from "@/lib/i18n/server";
import { getI18n } from "@/lib/auth/locale";
import { READY_WITHIN_MS, resolvesWithin } from "@/lib/ready";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("documents.title") };
}

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { contactId } = await requireCustomer();
  const raw = await searchParams;
  const filters = documentFiltersSchema.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  // HubSpot down: the last known documents with their age, or this section alone says it is unavailable.
  const data = Promise.all([settleSection(withStaleness(() => listDocuments(contactId, filters))), getI18n()]);
  // In memory (a repeated view): drawn at once. Else the skeleton first, the list streams in.
  const ready = await resolvesWithin([data], READY_WITHIN_MS);
  return (
    <Streamed ready={ready} fallback={<DocumentsSkeleton />}>
      <Documents data={data} filters={filters} />
    </Streamed>
  );
}

type Settled<T> = { ok: true; value: { value: T; staleSince: string | null } } | { ok: false };

async function Documents({ data, filters }: { data: Promise<[Settled<Awaited<ReturnType<typeof listDocuments>>>, I18n]>; filters: DocumentFilters }) {
  const [read, i18n] = await data;
  if (!read.ok) return <PageUnavailable i18n={i18n} title={i18n.t("documents.title")} intro={i18n.t("documents.intro")} />;
  const { all, shown } = read.value.value;
  return (
    <>
      <StaleNotice i18n={i18n} since={read.value.staleSince} />
      <DocumentsView i18n={i18n} all={all} shown={shown} filters={filters} />
    </>
  );
}

/** The Documents space's frame while it loads: title, the three tabs, one list. */
async function DocumentsSkeleton() {
  const { t } = await getI18n();
  return (
    <div className="space-y-5">
      <LoadingStatus label={t("shell.loading")} />
      <PageHeader title={t("documents.title")} intro={t("documents.intro")} />
      <div aria-hidden="true" className="flex gap-2">
        {(["tous", "devis", "factures", "rapports"] as const).map((k) => (
          <span key={k} className="inline-flex min-h-11 items-center rounded-full border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-500">
            {t(`documents.tabs.${k}`)}
          </span>
        ))}
      </div>
      <div aria-hidden="true" className="min-h-11 rounded-xl border border-slate-200 bg-white" />
      <CardSkeleton lines={5} />
    </div>
  );
}
