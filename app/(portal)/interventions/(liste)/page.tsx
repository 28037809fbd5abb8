import type { Metadata } from "next";
import { AddressFilter } from "@/components/account/address-filter";
import { InterventionsView } from "@/components/interventions/interventions-view";
import { ListPageSkeleton } from "@/components/ui/page";
import { PageUnavailable, StaleNotice, settleSection } from "@/components/ui/section-state";
import { Streamed } from "@/components/ui/streamed";
import { filterByAddress } from "@/lib/contact/address-match";
import { listAddresses } from "@/lib/account/addresses";
import { requireCustomer } from "@/lib/auth/session";
import { interventionHistory, interventionsInProgress } from "@/lib/dashboard/rules";
import { listInterventions } from "@/lib/hubspot/queries";
import { withStaleness } from "@/lib/hubspot/staleness";
import { getI18n } from "@/lib/auth/locale";
import { READY_WITHIN_MS, resolvesWithin } from "@/lib/ready";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("interventions.title") };
}

export default async function InterventionsPage({ searchParams }: { searchParams: Promise<{ adresse?: string | string[] }> }) {
  const { contactId } = await requireCustomer();
  const data = loadInterventions(contactId, searchParams);
  // In memory (a repeated view): drawn at once. Else the skeleton first, the list streams in.
  const ready = await resolvesWithin([data], READY_WITHIN_MS);
  return (
    <Streamed ready={ready} fallback={<InterventionsSkeleton />}>
      <Interventions data={data} />
    </Streamed>
  );
}

function loadInterventions(contactId: string, searchParams: Promise<{ adresse?: string | string[] }>) {
  return Promise.all([
    // HubSpot down: the last known list with its age, or this section alone says it is unavailable.
    settleSection(withStaleness(() => listInterventions(contactId))),
    getI18n(),
    // The address book is a filter only: the list still shows if it cannot be read.
    listAddresses(contactId).catch(() => []),
    searchParams,
  ]);
}

async function Interventions({ data }: { data: ReturnType<typeof loadInterventions> }) {
  const [read, i18n, addresses, params] = await data;
  if (!read.ok) return <PageUnavailable i18n={i18n} title={i18n.t("interventions.title")} intro={i18n.t("interventions.intro")} />;
  const { value: all, staleSince } = read.value;
  const selected = addresses.find((a) => a.id === params.adresse) ?? null;
  const interventions = filterByAddress(all, selected, (i) => i.address);
  const { t } = i18n;
  return (
    <>
      <StaleNotice i18n={i18n} since={staleSince} />
      <InterventionsView
      i18n={i18n}
      inProgress={interventionsInProgress(interventions)}
      history={interventionHistory(interventions)}
      filter={<AddressFilter addresses={addresses} selectedId={selected?.id ?? null} labels={{ address: t("account.filterAddress"), all: t("account.filterAll"), apply: t("account.filterApply") }} />}
      />
    </>
  );
}

async function InterventionsSkeleton() {
  const { t } = await getI18n();
  return <ListPageSkeleton title={t("interventions.title")} intro={t("interventions.intro")} sections={[t("interventions.inProgress"), t("interventions.history")]} loading={t("shell.loading")} />;
}
