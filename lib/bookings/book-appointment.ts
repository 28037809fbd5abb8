import "server-only";
import { randomUUID } from "node:crypto";
import { formatAddress } from "@/lib/contact/address-match";
import { reservations } from "@/lib/db/schema";
import { attachUploads } from "@/lib/uploads/store-upload";
import { offeredService } from "./store";
import { checkRequest, checkSlot, commitReservation, confirmedReservation, freshListing, replayReservation, type BookingOutcome } from "./reservation-commit";
import { bookAppointmentInput, type BookAppointmentInput } from "./schemas";
import { BOOKING_UPLOAD_PURPOSE, bookingError, enqueueBookingEffects, enqueueBookingVerification, MESSAGES, resolveDeps, type BookingDeps } from "./store";

/**
 * One-click booking. The order matters:
 * 1. the same idempotency key again (double click, retried request) returns the first result;
 * 2. the request is checked (service bookable online, not past, notice, horizon, service area);
 * 3. the slot is re-checked against a fresh read of the technician's calendar (HubSpot meetings +
 *    reservations): the engine's own rules, not the browser's word. When HubSpot cannot be read,
 *    a slot that nothing known takes is held « en attente de confirmation » (status `pending`, no
 *    message sent yet) and the outbox confirms it against HubSpot later (verify-booking.ts);
 * 4. the reservation and its outbox rows (HubSpot meeting + ticket, email with ICS, SMS, reminder)
 *    commit in one transaction. The exclusion constraint refuses an overlapping reservation that
 *    another request (or instance) committed in the meantime: the customer then gets
 *    "ce créneau vient d'être réservé" and fresh slots, never an error page.
 */
export { bookAppointmentInput, type BookAppointmentInput };

export type { BookingOutcome };

export async function bookAppointment(contactId: string, raw: BookAppointmentInput, deps?: BookingDeps): Promise<BookingOutcome> {
  const input = bookAppointmentInput.parse(raw);
  const d = await resolveDeps(deps);

  const replay = () => replayReservation(d, input.idempotencyKey, (row) => row.contactId === contactId);
  const again = await replay();
  if (again) return again;

  // An address typed in the flow (its shape checked by the schema; its town's postcode and the area by checkRequest).
  const address = input.typedAddress ? formatAddress(input.typedAddress) : input.address;
  if (!address) throw bookingError("VALIDATION", MESSAGES.addressNeeded);
  const service = offeredService(input.service, d.policy);
  const customer = await d.customer(contactId);
  const { start, end, location } = await checkRequest(d, service, input.start, address, null, Boolean(input.typedAddress));
  const taken = async (): Promise<BookingOutcome> => ({ status: "slot_taken", message: MESSAGES.slotTaken, listing: await freshListing(d, service, location, address, start) });

  const slot = await checkSlot(d, { service, location, address, start, technicianId: input.technicianId });
  if (slot === "taken") return taken();
  // HubSpot could not be read: the time is held in the portal and confirmed (or not) by the outbox.
  const pending = slot === "unverified";

  const id = randomUUID();
  return commitReservation(d, {
    contactId,
    replay,
    taken,
    write: async (tx) => {
      const [inserted] = await tx
        .insert(reservations)
        .values(
          confirmedReservation(d, {
            status: pending ? "pending" : "confirmed",
            id,
            bookingId: id,
            contactId,
            technicianId: input.technicianId,
            serviceType: service.id,
            start,
            end,
            address,
            location,
            note: input.note || null,
            locale: customer.locale,
            idempotencyKey: input.idempotencyKey,
          }),
        )
        .returning();
      // The customer's own, unused photos only; anything else refuses the whole booking.
      await attachUploads(tx, contactId, BOOKING_UPLOAD_PURPOSE, input.uploadIds, id);
      if (pending) await enqueueBookingVerification(tx, inserted!);
      else await enqueueBookingEffects(tx, { event: "confirmed", reservation: inserted!, sequence: 0, customer, now: d.now, policy: d.policy });
      return inserted!;
    },
  });
}
