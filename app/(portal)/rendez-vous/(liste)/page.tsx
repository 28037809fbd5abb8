import type { Metadata } from "next";
import { AddressFilter } from "@/components/account/address-filter";
import { AppointmentsView } from "@/components/appointments/appointments-view";
import { filterByAddress } from "@/lib/account/address-match";
import { listAddresses } from "@/lib/account/addresses";
import { requireCustomer } from "@/lib/auth/session";
import { listCustomerAppointments, type AppointmentItem } from "@/lib/bookings/list-appointments";
import { pastAppointments, upcomingAppointments } from "@/lib/dashboard/rules";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("appointments.title") };
}

/** HubSpot meetings and the portal's own bookings (shown at once, "en cours de transmission"). */
export default async function AppointmentsPage({ searchParams }: { searchParams: Promise<{ adresse?: string | string[] }> }) {
  const { contactId } = await requireCustomer();
  const [list, i18n, addresses, params] = await Promise.all([
    listCustomerAppointments(contactId),
    getI18n(),
    // The address book is a filter only: the list still shows if it cannot be read.
    listAddresses(contactId).catch(() => []),
    searchParams,
  ]);
  const { partial } = list;
  const selected = addresses.find((a) => a.id === params.adresse) ?? null;
  const items = filterByAddress(list.items, selected, (a) => a.location);
  const { t } = i18n;
  const now = new Date();
  return (
    <AppointmentsView
      i18n={i18n}
      upcoming={upcomingAppointments(items, now) as AppointmentItem[]}
      past={pastAppointments(items, now) as AppointmentItem[]}
      partial={partial}
      filter={<AddressFilter addresses={addresses} selectedId={selected?.id ?? null} labels={{ address: t("account.filterAddress"), all: t("account.filterAll"), apply: t("account.filterApply") }} />}
    />
  );
}
