import { customerRoute } from "@/lib/auth/customer-route";
import { bookingIcsResponse } from "@/lib/bookings/booking-ics";
import { getBooking } from "@/lib/bookings/list-appointments";
import { getLocale } from "@/lib/auth/locale";

/** The booking as an .ics file, for its owner only (a foreign id is a 404, like a missing one). */
export const GET = customerRoute<{ bookingId: string }>("bookings.ics", async (_request, { contactId, params }) => {
  const booking = await getBooking(contactId, params.bookingId);
  return bookingIcsResponse(booking, await getLocale(), booking.sequence);
});
