import "server-only";
import { listCustomerAppointments, type AppointmentItem } from "@/lib/bookings";
import type { BookingDeps } from "@/lib/bookings";
import { listConversations, listInterventions, listInvoices, listQuotes } from "@/lib/hubspot/queries";
import type { Appointment, Intervention, Quote } from "@/lib/model/types";
import { interventionsInProgress, nextAppointment, quotesAwaitingSignature, unpaidInvoices, type UnpaidInvoices } from "./rules";
import { unreadReplies, type UnreadConversation } from "@/lib/messages";

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
}

/** The signed-in customer's dashboard; contactId comes from the session, and every read checks ownership. */
export function loadDashboard(contactId: string, now: Date = new Date(), bookings: BookingDeps & { hubspot?: (contactId: string) => Promise<Appointment[]> } = {}): Dashboard {
  const dashboard: Dashboard = {
    // Same merge as /rendez-vous: a booking HubSpot does not have yet is already the next visit.
    nextAppointment: listCustomerAppointments(contactId, { now, ...bookings, strict: true }).then(({ items }) => nextAppointment(items, now)),
    quotesToSign: listQuotes(contactId).then(quotesAwaitingSignature),
    unpaidInvoices: listInvoices(contactId).then(unpaidInvoices),
    interventionsInProgress: listInterventions(contactId).then(interventionsInProgress),
    unreadReplies: listConversations(contactId).then(unreadReplies),
  };
  // A section may never be awaited (the page failed first); its rejection must not become an
  // unhandled rejection. The promises themselves still reject for whoever awaits them.
  for (const p of Object.values(dashboard) as Promise<unknown>[]) p.catch(() => undefined);
  return dashboard;
}
