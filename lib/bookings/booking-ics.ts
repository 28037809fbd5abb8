import "server-only";
import { appointmentIcs, icsFilename } from "@/lib/notifications/ics";
import type { BookingView } from "./store";

/** The "ajouter au calendrier" download of a booking (same file as the email attachment). */
export function bookingIcsResponse(booking: BookingView, locale: "fr" | "en", sequence: number, url?: string): Response {
  const body = appointmentIcs({
    bookingId: booking.bookingId,
    sequence,
    service: booking.serviceLabel,
    start: booking.start,
    end: booking.end,
    address: booking.address,
    technician: booking.technicianName ?? undefined,
    cancelled: booking.status === "cancelled",
    url,
    locale,
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${icsFilename(booking.start)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
