import type { Metadata } from "next";
import { AddressFilter } from "@/components/account/address-filter";
import { AppointmentsView } from "@/components/appointments/appointments-view";
import { ListPageSkeleton } from "@/components/ui/page";
import { StaleNotice } from "@/components/ui/section-state";
import { Streamed } from "@/components/ui/streamed";
import { filterByAddress } from "@/lib/contact/address-match";
import { listAddresses } from "@/lib/account/addresses";
import { requireCustomer } from "@/lib/auth/session";
import { listCustomerAppointments, type AppointmentItem } from "@/lib/bookings/list-appointments";
import { cancelledUpcomingAppointments, pastAppointments, upcomingAppointments } from "@/lib/dashboard/rules";
import { withStaleness } from "@/lib/hubspot/staleness";
import { getI18n } from "@/lib/auth/locale";
import { READY_WITHIN_MS, resolvesWithin } from "@/lib/ready";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("appointments.title") };
}

/** HubSpot meetings and the portal's own bookings (shown at once, "en cours de transmission"). */
export default async function AppointmentsPage({ searchParams }: { searchParams: Promise<{ adresse?: string | string[] }> }) {
  const { contactId } = await requireCustomer();
  const data = loadAppointments(contactId, searchParams);
  // In memory (a repeated view): drawn at once. Else the skeleton first, the list streams in.
  const ready = await resolvesWithin([data], READY_WITHIN_MS);
  return (
    <Streamed ready={ready} fallback={<AppointmentsSkeleton />}>
      <Appointments data={data} />
    </Streamed>
  );
}

function loadAppointments(contactId: string, searchParams: Promise<{ adresse?: string | string[] }>) {
  return Promise.all([
    // HubSpot down: its last known meetings with their age (none known: the bookings alone, `partial`).
    withStaleness(() => listCustomerAppointments(contactId)),
    getI18n(),
    // The address book is a filter only: the list still shows if it cannot be read.
    listAddresses(contactId).catch(() => []),
    searchParams,
  ]);
}

async function Appointments({ data }: { data: ReturnType<typeof loadAppointments> }) {
  const [{ value: list, staleSince }, i18n, addresses, params] = await data;
  const { partial } = list;
  const selected = addresses.find((a) => a.id === params.adresse) ?? null;
  const items = filterByAddress(list.items, selected, (a) => a.location);
  const { t } = i18n;
  const now = new Date();
  return (
    <>
      <StaleNotice i18n={i18n} since={staleSince} />
      <AppointmentsView
      i18n={i18n}
      upcoming={upcomingAppointments(items, now) as AppointmentItem[]}
      past={pastAppointments(items, now) as AppointmentItem[]}
      cancelled={cancelledUpcomingAppointments(items, now)}
      partial={partial}
      filter={<AddressFilter addresses={addresses} selectedId={selected?.id ?? null} labels={{ address: t("account.filterAddress"), all: t("account.filterAll"), apply: t("account.filterApply") }} />}
      />
    </>
  );
}

async function AppointmentsSkeleton() {
  const { t } = await getI18n();
  return <ListPageSkeleton title={t("appointments.title")} intro={t("appointments.intro")} sections={[t("appointments.upcoming"), t("appointments.past")]} loading={t("shell.loading")} />;
}
