import "server-only";
import type { CustomerOverviewData } from "@/components/overview/customer-overview";
import { getCustomer, listAppointments, listConversations, listInterventions, listInvoices, listQuotes } from "@/lib/hubspot/queries";
import type { Appointment } from "@/lib/hubspot/types";

/**
 * TEMPORARY, until the dashboard of the sign-in issue: everything the home page shows for one
 * customer, read through the data layer in parallel (a warm cache makes this free of HubSpot calls).
 */
export async function loadHomeOverview(contactId: string, now = new Date()): Promise<CustomerOverviewData> {
  const [customer, appointments, interventions, quotes, invoices, conversations] = await Promise.all([
    getCustomer(contactId),
    listAppointments(contactId),
    listInterventions(contactId),
    listQuotes(contactId),
    listInvoices(contactId),
    listConversations(contactId),
  ]);
  return { customer, upcomingAppointments: upcomingAppointments(appointments, now), interventions, quotes, invoices, conversations };
}

/** Visits still to come, soonest first: not cancelled or done, and not yet over. */
export function upcomingAppointments(appointments: Appointment[], now: Date): Appointment[] {
  const t = now.getTime();
  return appointments
    .filter((a) => a.outcome !== "CANCELED" && a.outcome !== "COMPLETED" && a.outcome !== "NO_SHOW")
    .filter((a) => {
      const until = a.end ?? a.start;
      return until !== null && new Date(until).getTime() >= t;
    })
    .sort((a, b) => (a.start ?? "").localeCompare(b.start ?? ""));
}
