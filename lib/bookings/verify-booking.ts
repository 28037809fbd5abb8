import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { asDb } from "@/lib/db/current";
import { reservations } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { forgetContactRows } from "@/lib/memory-cache/row-memory";
import { PermanentDeliveryError } from "@/lib/notifications/errors";
import { enqueueCustomerNotice } from "@/lib/outbox/customer-notice";
import { registerHubSpotWrite } from "@/lib/outbox/handlers";
import { getService } from "./catalogue";
import type { SlotListing } from "./list-slots";
import { freshListing, stillOffered } from "./reservation-commit";
import { enqueueBookingEffects, resolveDeps, type BookingDeps, type Reservation } from "./store";

/**
 * Outbox handler "booking.verify": a booking taken while HubSpot could not be read (status
 * `pending`, « en attente de confirmation ») is checked against a fresh read of the technician's
 * calendar once HubSpot answers (until then the fresh read throws and the outbox retries with
 * backoff):
 * - the time is still free → `confirmed`, and the usual effects follow in the same transaction
 *   (HubSpot meeting + ticket, email with ICS, SMS, reminder);
 * - it was taken meanwhile (staff filled it in HubSpot), or it has passed → `unavailable`: nothing
 *   is booked, and the customer gets the nearest free times by email/SMS and on the booking's page.
 * The booking rules (notice, horizon) are those of the moment the customer booked: the outage
 * must not turn a valid request into a refused one. Each transition is conditional on the row
 * still being `pending`, so a redelivery, a second worker or a cancellation meanwhile changes nothing.
 */
const argsSchema = z.object({ reservationId: z.uuid() });

/** How many nearby times the customer is offered. */
export const ALTERNATIVES = 3;

export async function verifyPendingBooking(reservationId: string, deps?: BookingDeps): Promise<{ status: string }> {
  const d = await resolveDeps(deps);
  const [row] = await d.db.select().from(reservations).where(eq(reservations.id, reservationId));
  if (!row) throw new PermanentDeliveryError(`reservation ${reservationId} does not exist`);
  if (row.status !== "pending") return { status: row.status };
  const service = getService(row.serviceType, d.policy.services);
  if (row.locationLat === null || row.locationLng === null) throw new PermanentDeliveryError(`reservation ${reservationId} has no location`);
  const location = { lat: row.locationLat, lng: row.locationLng };
  const slot = { service, location, address: row.address, start: row.startsAt, technicianId: row.technicianId, ignoreBusyIds: [row.id] };

  // Throws CalendarUnavailableError while HubSpot cannot be read: the outbox tries again later.
  const free = row.startsAt.getTime() > d.now.getTime() && (await stillOffered({ ...d, now: row.createdAt }, slot));
  const customer = await d.customer(row.contactId);

  if (free) {
    const confirmed = await d.db.transaction(async (t) => {
      const tx = asDb(t);
      const [updated] = await tx
        .update(reservations)
        .set({ status: "confirmed", updatedAt: d.now })
        .where(and(eq(reservations.id, row.id), eq(reservations.status, "pending")))
        .returning();
      if (updated) await enqueueBookingEffects(tx, { event: "confirmed", reservation: updated, sequence: 0, customer, now: d.now, policy: d.policy });
      return updated;
    });
    forgetContactRows(row.contactId);
    return { status: confirmed ? "confirmed" : "unchanged" };
  }

  const listing = await freshListing(d, service, location, row.address, row.startsAt, [row.id]);
  const alternatives = nearestSlots(listing, row.startsAt, ALTERNATIVES);
  const declined = await d.db.transaction(async (t) => {
    const tx = asDb(t);
    const [updated] = await tx
      .update(reservations)
      .set({ status: "unavailable", updatedAt: d.now })
      .where(and(eq(reservations.id, row.id), eq(reservations.status, "pending")))
      .returning();
    if (!updated) return null;
    const data = {
      ...(customer.firstName ? { firstName: customer.firstName.slice(0, 100) } : {}),
      service: service.label,
      start: row.startsAt.toISOString(),
      end: row.endsAt.toISOString(),
      alternatives,
      url: new URL(`/rendez-vous/${encodeURIComponent(row.bookingId)}`, getEnv().SITE_URL).toString(),
    };
    await enqueueCustomerNotice(tx, customer, {
      key: `booking:${row.id}:unavailable`,
      contactId: row.contactId,
      email: { template: "booking-unavailable", data, sensitive: true },
      sms: { template: "booking-unavailable-sms", data, sensitive: true },
    });
    return updated;
  });
  forgetContactRows(row.contactId);
  return { status: declined ? "unavailable" : "unchanged" };
}

/** The `count` free times closest to `near` (before or after), in time order. */
export function nearestSlots(listing: SlotListing, near: Date, count: number): { start: string; end: string }[] {
  const all = listing.days.flatMap((day) => day.slots.map((s) => ({ start: s.start, end: s.end })));
  const unique = [...new Map(all.map((s) => [s.start, s])).values()];
  return unique
    .sort((a, b) => Math.abs(Date.parse(a.start) - near.getTime()) - Math.abs(Date.parse(b.start) - near.getTime()) || a.start.localeCompare(b.start))
    .slice(0, count)
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** The alternatives shown on an `unavailable` booking's page: the same rule, read when the page opens. */
export async function alternativesFor(row: Reservation, deps?: BookingDeps): Promise<{ start: string; end: string }[]> {
  const d = await resolveDeps(deps);
  if (row.locationLat === null || row.locationLng === null) return [];
  const service = getService(row.serviceType, d.policy.services);
  const listing = await freshListing(d, service, { lat: row.locationLat, lng: row.locationLng }, row.address, row.startsAt, [row.id]);
  return nearestSlots(listing, row.startsAt, ALTERNATIVES);
}

export async function handleBookingVerify(args: unknown): Promise<unknown> {
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) throw new PermanentDeliveryError("booking.verify: invalid arguments");
  return verifyPendingBooking(parsed.data.reservationId);
}

export function registerBookingVerifyHandler(): void {
  registerHubSpotWrite("booking.verify", handleBookingVerify);
}
