import "server-only";
import { desc, eq } from "drizzle-orm";
import { readContactRows } from "@/lib/memory-cache/row-memory";
import { reservations } from "@/lib/db/schema";
import { normalizeAddressText } from "@/lib/contact/address-match";
import { getCustomer, listAppointments as listHubSpotAppointments } from "@/lib/hubspot/queries";
import type { Appointment } from "@/lib/model/types";
import type { Delivery } from "@/lib/outbox/delivery";
import { bookingDeliveries, loadBooking, resolveDeps, toBookingView, type BookingDeps, type BookingView, type Reservation } from "./store";
import { alternativesFor } from "./verify-booking";
import { log } from "@/lib/log";

/**
 * The customer's appointments: HubSpot meetings (booked by phone, by staff, or by the portal and
 * already delivered) merged with the portal's own reservations. A portal booking is shown from its
 * reservation row at once, marked "en cours de transmission" until HubSpot has the latest change;
 * its HubSpot meetings (one per time it was booked for) are not listed twice.
 */
export interface AppointmentItem extends Appointment {
  /** Set for bookings made in the portal: reschedule/cancel from the list. */
  booking: Pick<BookingView, "bookingId" | "transmitting" | "canChange" | "changeDeadline" | "status" | "service"> | null;
}

export interface AppointmentList {
  items: AppointmentItem[];
  /** HubSpot could not be read: only the portal's bookings are listed. */
  partial: boolean;
}

function fromReservation(r: Reservation, view: BookingView): AppointmentItem {
  return {
    id: r.id,
    title: view.serviceLabel,
    start: view.start,
    end: view.end,
    location: r.address,
    outcome: r.status === "cancelled" || r.status === "unavailable" ? "CANCELED" : "SCHEDULED",
    technician: { id: r.technicianId, firstName: view.technicianName, lastName: null, email: null },
    interventionId: r.hubspotTicketId && !r.hubspotTicketId.startsWith("creating:") ? r.hubspotTicketId : null,
    bookingId: r.bookingId,
    booking: { bookingId: view.bookingId, transmitting: view.transmitting, canChange: view.canChange, changeDeadline: view.changeDeadline, status: view.status, service: view.service },
  };
}

/**
 * A meeting's title as the customer reads it: staff write « Dépannage — Camille Martin », the
 * customer sees « Dépannage » (their own name says nothing to them). A title that is only the name
 * stays as it is.
 */
export function titleForCustomer(title: string, name: { firstName: string | null; lastName: string | null }): string {
  const full = [name.firstName, name.lastName].filter(Boolean).join(" ");
  if (!full.trim()) return title;
  const parts = title.split(/\s*[—–:|]\s+|\s+-\s+|,\s+/);
  const kept = parts.filter((part) => {
    const p = normalizeAddressText(part);
    return p !== normalizeAddressText(full) && p !== normalizeAddressText([name.lastName, name.firstName].filter(Boolean).join(" "));
  });
  return kept.length > 0 && kept.length < parts.length ? kept.join(" — ") : title;
}

/**
 * `strict`: a HubSpot failure rejects instead of listing the portal's bookings alone (the
 * dashboard's "next appointment" would otherwise be wrong, not just incomplete).
 */
export async function listCustomerAppointments(
  contactId: string,
  deps?: BookingDeps & { hubspot?: (contactId: string) => Promise<Appointment[]>; strict?: boolean; names?: (contactId: string) => Promise<{ firstName: string | null; lastName: string | null }> },
): Promise<AppointmentList> {
  const d = await resolveDeps(deps);
  const [rows, hubspot] = await Promise.all([
    // Every dashboard and /rendez-vous view: the process's copy when the rows have not changed.
    readContactRows(d.db, contactId, "reservations", () => d.db.select().from(reservations).where(eq(reservations.contactId, contactId)).orderBy(desc(reservations.createdAt))),
    (deps?.hubspot ?? listHubSpotAppointments)(contactId).then(
      (list) => ({ ok: true as const, list }),
      (error: unknown) => {
        if (deps?.strict) throw error;
        log.warn({ scope: "bookings", err: error }, "HubSpot appointments unavailable");
        return { ok: false as const, list: [] as Appointment[] };
      },
    ),
  ]);
  const ownIds = new Set(rows.map((r) => r.id));
  // The HubSpot meetings of the customer's own reservations (shown from the reservation instead).
  const ownMeetings = new Set(rows.map((r) => r.hubspotMeetingId).filter((id): id is string => Boolean(id)));
  // The customer's own name, to take out of staff-written titles (cached; unknown: titles as they are).
  // (An injected HubSpot list without `names`, in tests: titles as they are.)
  const names = deps?.names ?? (deps?.hubspot ? null : getCustomer);
  const name = names && hubspot.list.length > 0 ? await names(contactId).catch(() => null) : null;
  // One item per booking: its confirmed reservation, else its latest (cancelled) one.
  const byBooking = new Map<string, Reservation>();
  for (const r of rows) {
    const seen = byBooking.get(r.bookingId);
    const holds = (x: Reservation) => x.status === "confirmed" || x.status === "pending";
    if (!seen || (holds(r) && !holds(seen))) byBooking.set(r.bookingId, r);
  }
  const items: AppointmentItem[] = [...byBooking.values()].map((r) => fromReservation(r, toBookingView(r, d.policy, d.now)));
  for (const a of hubspot.list) {
    if ((a.bookingId && ownIds.has(a.bookingId)) || ownMeetings.has(a.id)) continue;
    items.push({ ...a, title: name ? titleForCustomer(a.title, name) : a.title, booking: null });
  }
  items.sort((a, b) => (a.start ?? "").localeCompare(b.start ?? ""));
  return { items, partial: !hubspot.ok };
}

/** One booking of the customer (confirmation page, manage link). */
export async function getBooking(contactId: string, bookingId: string, deps?: BookingDeps): Promise<BookingView> {
  const d = await resolveDeps(deps);
  const { current, chain } = await loadBooking(d.db, contactId, bookingId);
  return toBookingView(current, d.policy, d.now, chain.length);
}

export interface BookingPage {
  booking: BookingView;
  /** The messages announcing its latest change (confirmed, moved or cancelled) and where each stands. */
  deliveries: Delivery[];
  /** For a booking whose time was taken meanwhile: the nearest free times to pick instead. */
  alternatives: { start: string; end: string }[];
}

/** The booking's page: the booking, what was sent about it, and (if it could not be confirmed) what to pick instead. */
export async function getBookingPage(contactId: string, bookingId: string, deps?: BookingDeps): Promise<BookingPage> {
  const d = await resolveDeps(deps);
  const { current, chain } = await loadBooking(d.db, contactId, bookingId);
  const booking = toBookingView(current, d.policy, d.now, chain.length);
  const event = current.status === "cancelled" ? "cancelled" : current.rescheduledFrom ? "rescheduled" : "confirmed";
  const [deliveries, alternatives] = await Promise.all([
    bookingDeliveries(d.db, contactId, current.id, event),
    current.status === "unavailable" ? alternativesFor(current, d).catch(() => []) : Promise.resolve([]),
  ]);
  return { booking, deliveries, alternatives };
}
