import "server-only";
import { listAppointments, listConversations, listInterventions, listInvoices, listQuotes } from "@/lib/hubspot/queries";
import type { Appointment, Intervention, Quote } from "@/lib/hubspot/types";
import {
  interventionsInProgress,
  nextAppointment,
  quotesAwaitingSignature,
  unpaidInvoices,
  unreadReplies,
  type UnpaidInvoices,
  type UnreadConversation,
} from "./rules";

/**
 * The dashboard's sections, each a promise started at once (the five reads run in parallel), so the
 * page can stream every section behind its own Suspense boundary as soon as its data is there.
 */
export interface Dashboard {
  nextAppointment: Promise<Appointment | null>;
  quotesToSign: Promise<Quote[]>;
  unpaidInvoices: Promise<UnpaidInvoices>;
  interventionsInProgress: Promise<Intervention[]>;
  unreadReplies: Promise<UnreadConversation[]>;
}

/** The signed-in customer's dashboard; contactId comes from the session, and every read checks ownership. */
export function loadDashboard(contactId: string, now: Date = new Date()): Dashboard {
  const dashboard: Dashboard = {
    nextAppointment: listAppointments(contactId).then((a) => nextAppointment(a, now)),
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
