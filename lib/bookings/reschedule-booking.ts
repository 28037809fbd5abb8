import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { AppError } from "@/lib/errors";
import { reservations } from "@/lib/db/schema";
import { CalendarUnavailableError } from "./calendar";
import { getService } from "./catalogue";
import { checkRequest, commitReservation, confirmedReservation, freshListing, replayReservation, stillOffered, type BookingOutcome } from "./reservation-commit";
import { rescheduleBookingInput, type RescheduleBookingInput } from "./schemas";
import { bookingError, changeDeadline, dropPendingReminders, enqueueBookingEffects, loadBooking, MESSAGES, resolveDeps, type BookingDeps } from "./store";

/**
 * Moves a booking to another time, up to the change limit (24 h by default) before its current
 * start. In one transaction the current reservation becomes `rescheduled` (freeing its time) and a
 * new one is inserted under the same booking id: the exclusion constraint decides a race exactly as
 * for a new booking, and a refusal leaves the old time untouched. HubSpot follows through the
 * outbox: the old meeting's outcome becomes RESCHEDULED, a new meeting is created, the ticket moves.
 */
export { rescheduleBookingInput, type RescheduleBookingInput };

export async function rescheduleBooking(contactId: string, raw: RescheduleBookingInput, deps?: BookingDeps): Promise<BookingOutcome> {
  const input = rescheduleBookingInput.parse(raw);
  const d = await resolveDeps(deps);

  const replay = () => replayReservation(d, input.idempotencyKey, (row) => row.contactId === contactId && row.bookingId === input.bookingId);
  const again = await replay();
  if (again) return again;

  const { current, chain } = await loadBooking(d.db, contactId, input.bookingId);
  if (current.status === "pending") throw bookingError("CONFLICT", MESSAGES.awaitingConfirmation);
  if (current.status !== "confirmed") throw bookingError("CONFLICT", MESSAGES.notActive);
  if (d.now >= changeDeadline(current, d.policy)) throw bookingError("CONFLICT", MESSAGES.tooLate(d.policy.changeLimitHours, d.policy.companyPhone));

  const service = getService(current.serviceType, d.policy.services);
  const fallback = current.locationLat !== null && current.locationLng !== null ? { lat: current.locationLat, lng: current.locationLng } : null;
  const { start, end, location } = await checkRequest(d, service, input.start, current.address, fallback);
  if (start.getTime() === current.startsAt.getTime() && input.technicianId === current.technicianId) {
    throw bookingError("VALIDATION", "Choisissez un autre créneau que l'actuel.");
  }
  const ignore = [current.id];
  const taken = async (): Promise<BookingOutcome> => ({ status: "slot_taken", message: MESSAGES.slotTaken, listing: await freshListing(d, service, location, current.address, start, ignore) });
  // A move is confirmed only against a fresh calendar; without one the current time is kept.
  const offered = await stillOffered(d, { service, location, address: current.address, start, technicianId: input.technicianId, ignoreBusyIds: ignore }).catch((error: unknown) => {
    if (error instanceof CalendarUnavailableError) throw new AppError("UPSTREAM_UNAVAILABLE", error.message, { cause: error, userMessage: MESSAGES.calendarUnavailableForMove(d.policy.companyPhone) });
    throw error;
  });
  if (!offered) return taken();

  const customer = await d.customer(contactId);
  const id = randomUUID();
  return commitReservation(d, {
    contactId,
    replay,
    taken,
    write: async (tx) => {
      const [old] = await tx
        .update(reservations)
        .set({ status: "rescheduled", updatedAt: d.now })
        .where(and(eq(reservations.id, current.id), eq(reservations.status, "confirmed")))
        .returning();
      // Changed by a concurrent request (another tab, the email link): nothing to move any more.
      if (!old) throw bookingError("CONFLICT", MESSAGES.notActive);
      const [inserted] = await tx
        .insert(reservations)
        .values(
          confirmedReservation(d, {
            id,
            bookingId: current.bookingId,
            contactId,
            technicianId: input.technicianId,
            serviceType: current.serviceType,
            start,
            end,
            address: current.address,
            location,
            note: current.note,
            locale: current.locale,
            idempotencyKey: input.idempotencyKey,
            rescheduledFrom: current.id,
          }),
        )
        .returning();
      await dropPendingReminders(tx, [current.id]);
      await enqueueBookingEffects(tx, { event: "rescheduled", reservation: inserted!, alsoSync: [old], sequence: chain.length, customer, now: d.now, policy: d.policy });
      return inserted!;
    },
  });
}
