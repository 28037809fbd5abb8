import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { COMPANY } from "@/lib/company";
import { forgetContactRows } from "@/lib/db/row-memory";
import { reservations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { attachUploads } from "@/lib/uploads/store-upload";
import { isInServiceArea, type GeoPoint } from "./availability";
import { getService, type Service } from "./catalogue";
import { computeListing, locate, type SlotListing } from "./list-slots";
import { bookAppointmentInput, type BookAppointmentInput } from "./schemas";
import { earliestBookableInstant } from "./slots";
import {
  bookingError,
  enqueueBookingEffects,
  EXCLUSION_VIOLATION,
  isRetryableConflict,
  withConflictRetry,
  MESSAGES,
  pgCode,
  resolveDeps,
  toBookingView,
  BOOKING_UPLOAD_PURPOSE,
  UNIQUE_VIOLATION,
  type BookingDeps,
  type BookingView,
  type ResolvedDeps,
} from "./store";
import { addDays, parisDateOf } from "@/lib/time/paris";

/**
 * One-click booking. The order matters:
 * 1. the same idempotency key again (double click, retried request) returns the first result;
 * 2. the request is checked (service bookable online, not past, notice, horizon, service area);
 * 3. the slot is re-checked against a fresh read of the technician's calendar (HubSpot meetings +
 *    reservations): the engine's own rules, not the browser's word;
 * 4. the reservation and its outbox rows (HubSpot meeting + ticket, email with ICS, SMS, reminder)
 *    commit in one transaction. The exclusion constraint refuses an overlapping reservation that
 *    another request (or instance) committed in the meantime: the customer then gets
 *    "ce créneau vient d'être réservé" and fresh slots, never an error page.
 */
export { bookAppointmentInput, type BookAppointmentInput };

export type BookingOutcome =
  | { status: "booked"; booking: BookingView }
  | { status: "slot_taken"; message: string; listing: SlotListing };

export const CHANGE_PHONE = COMPANY.phone.display;

/** Request checks shared by booking and rescheduling; throws a French AppError. */
export async function checkRequest(d: ResolvedDeps, service: Service, startIso: string, address: string, fallback: GeoPoint | null): Promise<{ start: Date; end: Date; location: GeoPoint }> {
  const { rules } = d.policy;
  if (service.booking !== "online") throw bookingError("VALIDATION", MESSAGES.requestOnly);
  const start = new Date(startIso);
  if (Number.isNaN(start.getTime())) throw bookingError("VALIDATION", "Choisissez un créneau.");
  if (start.getTime() <= d.now.getTime()) throw bookingError("VALIDATION", MESSAGES.past);
  if (start.getTime() < earliestBookableInstant(d.now, rules)) throw bookingError("VALIDATION", MESSAGES.tooSoon);
  if (parisDateOf(start.getTime()) > addDays(parisDateOf(d.now.getTime()), rules.horizonDays)) throw bookingError("VALIDATION", MESSAGES.beyondHorizon(rules.horizonDays));
  const location = await locate(d, address, fallback);
  if (!location) throw bookingError("VALIDATION", MESSAGES.outsideArea);
  const technicians = await d.calendar.technicians();
  if (!isInServiceArea(location, technicians, rules)) throw bookingError("VALIDATION", MESSAGES.outsideArea);
  return { start, end: new Date(start.getTime() + service.durationMinutes * 60_000), location };
}

/** Is this exact start still offered for this technician, on a fresh read of that day? */
export async function stillOffered(
  d: ResolvedDeps,
  input: { service: Service; location: GeoPoint; address: string; start: Date; technicianId: string; ignoreBusyIds?: string[] },
): Promise<boolean> {
  const day = parisDateOf(input.start.getTime());
  const listing = await computeListing(d, { service: input.service, location: input.location, address: input.address, from: day, to: day, ignoreBusyIds: input.ignoreBusyIds, fresh: true, technicianIds: [input.technicianId] });
  const iso = input.start.toISOString();
  return listing.days.some((x) => x.slots.some((s) => s.start === iso && s.technicianId === input.technicianId));
}

/** Fresh slots for the "ce créneau vient d'être réservé" answer (from the day of the missed slot). */
export async function freshListing(d: ResolvedDeps, service: Service, location: GeoPoint, address: string, near: Date, ignoreBusyIds?: string[]): Promise<SlotListing> {
  const from = parisDateOf(Math.max(near.getTime(), d.now.getTime()));
  return computeListing(d, { service, location, address, from, ignoreBusyIds });
}

export async function bookAppointment(contactId: string, raw: BookAppointmentInput, deps?: BookingDeps): Promise<BookingOutcome> {
  const input = bookAppointmentInput.parse(raw);
  const d = await resolveDeps(deps);

  const replay = async (): Promise<BookingOutcome | null> => {
    const [existing] = await d.db.select().from(reservations).where(eq(reservations.idempotencyKey, input.idempotencyKey));
    if (!existing) return null;
    if (existing.contactId !== contactId) throw new AppError("CONFLICT", "idempotency key reused by another contact");
    return { status: "booked", booking: toBookingView(existing, d.policy, d.now) };
  };
  const again = await replay();
  if (again) return again;

  const service = getService(input.service);
  const customer = await d.customer(contactId);
  const { start, end, location } = await checkRequest(d, service, input.start, input.address, null);
  const taken = async (): Promise<BookingOutcome> => ({ status: "slot_taken", message: MESSAGES.slotTaken, listing: await freshListing(d, service, location, input.address, start) });

  if (!(await stillOffered(d, { service, location, address: input.address, start, technicianId: input.technicianId }))) return taken();

  const id = randomUUID();
  try {
    const row = await withConflictRetry(() =>
      d.db.transaction(async (tx) => {
        const [inserted] = await tx
          .insert(reservations)
          .values({
            id,
            bookingId: id,
            contactId,
            technicianId: input.technicianId,
            serviceType: service.type,
            startsAt: start,
            endsAt: end,
            blockedUntil: new Date(end.getTime() + d.policy.rules.travelBufferMinutes * 60_000),
            address: input.address,
            locationLat: location.lat,
            locationLng: location.lng,
            note: input.note || null,
            locale: customer.locale,
            status: "confirmed",
            idempotencyKey: input.idempotencyKey,
            createdAt: d.now,
            updatedAt: d.now,
          })
          .returning();
        // The customer's own, unused photos only; anything else refuses the whole booking.
        await attachUploads(tx, contactId, BOOKING_UPLOAD_PURPOSE, input.uploadIds, id);
        await enqueueBookingEffects(tx, { event: "confirmed", reservation: inserted!, sequence: 0, customer, now: d.now, policy: d.policy });
        return inserted!;
      }),
    );
    // The lists show it on this instance's next view (the others drop their copy on the trigger's notification).
    forgetContactRows(contactId);
    return { status: "booked", booking: toBookingView(row, d.policy, d.now) };
  } catch (error) {
    const code = pgCode(error);
    // A deadlock that persisted through the retries: another booking holds the time (the fresh list says).
    if (code === EXCLUSION_VIOLATION || isRetryableConflict(error)) return taken();
    if (code === UNIQUE_VIOLATION) {
      // The same request committed concurrently (double click on two connections).
      const replayed = await replay();
      if (replayed) return replayed;
    }
    throw error;
  }
}
