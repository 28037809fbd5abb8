"use server";
import "server-only";
import { revalidatePath } from "next/cache";
import { customerAction } from "@/lib/auth/customer-action";
import { bookAppointmentInput } from "@/lib/bookings";
import { bookAndRememberAddress } from "../book-appointment";

/** The booking flow's « Confirmer »: books, and saves an address typed in the flow to the address book. */
export const bookAndRememberAddressAction = customerAction("account.book", bookAppointmentInput, async (input, { contactId }) => {
  const outcome = await bookAndRememberAddress(contactId, input);
  if (outcome.status === "booked" && input.typedAddress) revalidatePath("/compte");
  return outcome;
});
