import "server-only";
import { formatAddress, matchesAddress } from "@/lib/contact/address-match";
import { bookAppointment, bookAppointmentInput, customerProfileOf, type BookAppointmentInput, type BookingDeps, type BookingOutcome, type CustomerProfile } from "@/lib/bookings";
import { addAddress, listAddresses } from "./addresses";
import { getCustomerWithPending } from "./update-contact-details";
import { log } from "@/lib/log";

/**
 * The customer as the booking's notices must see them: HubSpot's contact with this customer's
 * contact writes still in the outbox applied. A mobile verified in the booking flow a moment
 * before is written to HubSpot through the outbox: without this, the booking made right after
 * would send no SMS (and its page would announce none) until HubSpot has the number.
 */
export async function customerProfileWithPending(contactId: string): Promise<CustomerProfile> {
  return customerProfileOf(await getCustomerWithPending(contactId));
}

/**
 * Booking from the portal's booking flow: the bookings domain books; an address typed in the flow
 * (a new customer has none) then joins the customer's address book, with the booking's own
 * idempotency key, so a repeat after a lost reply books once and saves the address once
 * (lib/account/addresses: the row id derives from contact + key). Nothing is saved when the
 * address is refused or the time was taken. The address book belongs to lib/account, which may
 * use bookings (never the reverse): hence this verb here. The confirmation goes to the channels
 * of the customer with their pending contact writes applied (`customerProfileWithPending`).
 */
export async function bookAndRememberAddress(contactId: string, raw: BookAppointmentInput, deps?: BookingDeps & { now?: Date }): Promise<BookingOutcome> {
  const input = bookAppointmentInput.parse(raw);
  const outcome = await bookAppointment(contactId, raw, { ...deps, customer: deps?.customer ?? customerProfileWithPending });
  const typed = input.typedAddress;
  if (outcome.status !== "booked" || !typed) return outcome;
  try {
    const saved = await listAddresses(contactId);
    // Already in the book (the same typed address again): nothing to add.
    if (!saved.some((a) => matchesAddress(formatAddress(typed), a))) {
      await addAddress(contactId, typed, deps?.now ?? new Date(), input.idempotencyKey);
    }
  } catch (error) {
    // The booking stands; the address book is a convenience (full, or HubSpot briefly unreachable
    // for its first import). Trying again with the same key adds it once.
    log.warn({ scope: "account", err: error }, "booked, address not saved");
  }
  return outcome;
}
