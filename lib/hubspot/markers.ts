/**
 * Markers the portal leaves in HubSpot objects that take no custom property (notes, meetings).
 *
 * Who wrote a HubSpot note and whether the customer may read it. HubSpot documents no custom
 * property on notes (the properties API's write scopes cover contacts, companies, deals, tickets,
 * quotes, invoices and custom objects only), so the portal reads it from what HubSpot does store:
 *
 * - a customer's message is a note the portal created through the API, whose body starts with
 *   `CUSTOMER_NOTE_HEADER` (staff see it at a glance in HubSpot) and that no HubSpot user created
 *   (`hs_created_by_user_id` empty);
 * - a staff note reaches the customer only when its text starts with `STAFF_VISIBLE_MARKER`
 *   (« #client »), which the portal takes out; every other note stays internal.
 */
export const CUSTOMER_NOTE_HEADER = "<p><strong>Message du client (espace client)</strong></p>";
export const CUSTOMER_NOTE_HEADER_TEXT = "Message du client (espace client)";
/** « #client » at the start of the note (any case), and the separator after it, taken out of the text shown. */
export const STAFF_VISIBLE_MARKER = /^#client(?![\p{L}\p{N}_])[\s:–—-]*/iu;
export const STAFF_VISIBLE_MARKER_TEXT = "#client";

/** The body HubSpot stores for a customer's message: the portal's header, then the escaped text. */
export function customerNoteBody(body: string): string {
  const escaped = body.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "<br>");
  return `${CUSTOMER_NOTE_HEADER}<p>${escaped}</p>`;
}

/**
 * The reference a booking's meeting carries in its internal notes (staff-facing, not sent to
 * attendees): how the portal finds, among the ticket's meetings, the one a create that timed out
 * may have left.
 */
export function bookingMeetingReference(reservationId: string): string {
  return `Réservation espace client ${reservationId}`;
}
