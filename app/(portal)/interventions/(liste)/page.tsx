import type { Metadata } from "next";
import { AddressFilter } from "@/components/account/address-filter";
import { InterventionsView } from "@/components/interventions/interventions-view";
import { filterByAddress } from "@/lib/account/address-match";
import { listAddresses } from "@/lib/account/addresses";
import { requireCustomer } from "@/lib/auth/session";
import { interventionHistory, interventionsInProgress } from "@/lib/dashboard/rules";
import { listInterventions } from "@/lib/hubspot/queries";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("interventions.title") };
}

export default async function InterventionsPage({ searchParams }: { searchParams: Promise<{ adresse?: string | string[] }> }) {
  const { contactId } = await requireCustomer();
  const [all, i18n, addresses, params] = await Promise.all([
    listInterventions(contactId),
    getI18n(),
    // The address book is a filter only: the list still shows if it cannot be read.
    listAddresses(contactId).catch(() => []),
    searchParams,
  ]);
  const selected = addresses.find((a) => a.id === params.adresse) ?? null;
  const interventions = filterByAddress(all, selected, (i) => i.address);
  const { t } = i18n;
  return (
    <InterventionsView
      i18n={i18n}
      inProgress={interventionsInProgress(interventions)}
      history={interventionHistory(interventions)}
      filter={<AddressFilter addresses={addresses} selectedId={selected?.id ?? null} labels={{ address: t("account.filterAddress"), all: t("account.filterAll"), apply: t("account.filterApply") }} />}
    />
  );
}
