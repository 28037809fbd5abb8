import "server-only";
import { channelsOf } from "@/lib/contact/channels";
import { displayPhone } from "@/lib/contact/phone";
import { currentDb } from "@/lib/db/current";
import { getCustomerWithPending } from "./update-contact-details";
import { liveVerifications } from "./verification-codes";

/** What the booking flow's optional « Recevoir les rappels par SMS » step starts from. */
export interface BookingMobile {
  /** The number an SMS reaches (E.164), pending writes applied; null: the step is offered. */
  mobile: string | null;
  /** A code already sent to a new number and still valid (the page was reloaded): the code field again. */
  pending: { verificationId: string; target: string; display: string } | null;
}

/** The session's customer's mobile, as the booking's notices will see it (`customerProfileWithPending`). */
export async function bookingMobile(contactId: string, now = Date.now()): Promise<BookingMobile> {
  const [customer, codes] = await Promise.all([getCustomerWithPending(contactId), liveVerifications(await currentDb(), contactId, now)]);
  const mobile = channelsOf(customer).phone;
  const code = mobile ? undefined : codes.find((c) => c.purpose === "phone-change");
  return { mobile, pending: code ? { verificationId: code.id, target: code.target, display: displayPhone(code.target) ?? code.target } : null };
}
