/** The bookings domain's public entry: what other domains and the dashboard use of it. */
export { listCustomerAppointments, type AppointmentItem } from "./list-appointments";
export { BOOKING_SYNC_KEY_PREFIX, customerProfileOf, type BookingDeps, type CustomerProfile } from "./store";
export { cancelFutureBookingsForErasure } from "./cancel-booking";
export { syncReservation } from "./sync-booking";
export { bookAppointment, type BookingOutcome } from "./book-appointment";
export { bookAppointmentInput, type BookAppointmentInput } from "./schemas";
export { suggestAddresses, type AddressChoice } from "./suggest-addresses";
