"use server";

import { customerAction } from "@/lib/auth/customer-action";
import { bookAppointment, bookAppointmentInput } from "@/lib/bookings/book-appointment";
import { cancelBooking, cancelBookingInput } from "@/lib/bookings/cancel-booking";
import { listSlots, listSlotsInput } from "@/lib/bookings/list-slots";
import { rescheduleBooking, rescheduleBookingInput } from "@/lib/bookings/reschedule-booking";

/** Booking actions of the signed-in customer: the core functions check everything else. */
export const bookAction = customerAction("bookings.book", bookAppointmentInput, (input, { contactId }) => bookAppointment(contactId, input));

/** Slots again for another address typed in the confirmation form (service area, nearby jobs). */
export const slotsForAddressAction = customerAction("bookings.slots", listSlotsInput, (input, { contactId }) => listSlots(contactId, input));

export const rescheduleAction = customerAction("bookings.reschedule", rescheduleBookingInput, (input, { contactId }) => rescheduleBooking(contactId, input));

export const cancelAction = customerAction("bookings.cancel", cancelBookingInput, (input, { contactId }) => cancelBooking(contactId, input));
