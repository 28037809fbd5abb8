import "server-only";
import { listCustomerAppointments, type AppointmentItem } from "@/lib/bookings";
import type { BookingDeps } from "@/lib/bookings";
import { listConversations, listInterventions, listInvoices, listQuotes } from "@/lib/hubspot/queries";
import { withStaleness } from "@/lib/hubspot/staleness";
import type { Appointment, Intervention, Quote } from "@/lib/model/types";
import { interventionsInProgress, nextAppointment, quotesAwaitingSignature, unpaidInvoices, type UnpaidInvoices } from "./rules";
import { unreadReplies, type UnreadConversation } from "@/lib/messages";
import { traced } from "@/lib/telemetry";

/**
 * The dashboard's sections, each a promise started at once (the five reads run in parallel), so the
 * page can stream every section behind its own Suspense boundary as soon as its data is there.
 */
export interface Dashboard {
  /** HubSpot's meetings merged with the portal's own bookings (`booking.transmitting`: "en cours de transmission"). */
  nextAppointment: Promise<AppointmentItem | null>;
  quotesToSign: Promise<Quote[]>;
  unpaidInvoices: Promise<UnpaidInvoices>;
  interventionsInProgress: Promise<Intervention[]>;
  unreadReplies: Promise<UnreadConversation[]>;
  /**
   * Per section, when the oldest data it shows was fetched, if HubSpot failed and the last known
   * data answers instead (« Données du … »); null when fresh or when the section failed.
   */
  staleSince: Record<DashboardSection, Promise<string | null>>;
}

export const DASHBOARD_SECTIONS = ["nextAppointment", "quotesToSign", "unpaidInvoices", "interventionsInProgress", "unreadReplies"] as const;
export type DashboardSection = (typeof DASHBOARD_SECTIONS)[number];

/**
 * A section's data and, beside it, its age (staleness.ts: each section learns only its own reads'),
 * read in its own span (its HubSpot calls and database work are its children).
 */
function section<T>(name: DashboardSection, read: () => Promise<T>): { data: Promise<T>; staleSince: Promise<string | null> } {
  const run = withStaleness(() => traced(`dashboard ${name}`, read));
  return { data: run.then((r) => r.value), staleSince: run.then((r) => r.staleSince, () => null) };
}

/** The signed-in customer's dashboard; contactId comes from the session, and every read checks ownership. */
export function loadDashboard(contactId: string, now: Date = new Date(), bookings: BookingDeps & { hubspot?: (contactId: string) => Promise<Appointment[]> } = {}): Dashboard {
  const sections = {
    // Same merge as /rendez-vous: a booking HubSpot does not have yet is already the next visit.
    nextAppointment: section("nextAppointment", () => listCustomerAppointments(contactId, { now, ...bookings, strict: true }).then(({ items }) => nextAppointment(items, now))),
    quotesToSign: section("quotesToSign", () => listQuotes(contactId).then(quotesAwaitingSignature)),
    unpaidInvoices: section("unpaidInvoices", () => listInvoices(contactId).then(unpaidInvoices)),
    interventionsInProgress: section("interventionsInProgress", () => listInterventions(contactId).then(interventionsInProgress)),
    unreadReplies: section("unreadReplies", () => listConversations(contactId).then(unreadReplies)),
  };
  const dashboard: Dashboard = {
    nextAppointment: sections.nextAppointment.data,
    quotesToSign: sections.quotesToSign.data,
    unpaidInvoices: sections.unpaidInvoices.data,
    interventionsInProgress: sections.interventionsInProgress.data,
    unreadReplies: sections.unreadReplies.data,
    staleSince: {
      nextAppointment: sections.nextAppointment.staleSince,
      quotesToSign: sections.quotesToSign.staleSince,
      unpaidInvoices: sections.unpaidInvoices.staleSince,
      interventionsInProgress: sections.interventionsInProgress.staleSince,
      unreadReplies: sections.unreadReplies.staleSince,
    },
  };
  // A section may never be awaited (the page failed first); its rejection must not become an
  // unhandled rejection. The promises themselves still reject for whoever awaits them.
  for (const key of DASHBOARD_SECTIONS) dashboard[key].catch(() => undefined);
  return dashboard;
}
