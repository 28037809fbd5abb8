import { NextResponse } from "next/server";
import { bookingIcsResponse } from "@/lib/bookings/booking-ics";
import { getBooking } from "@/lib/bookings/list-appointments";
import { decodeLinkSegment, verifyManageToken } from "@/lib/bookings/tokens";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

/** The .ics file from the signed manage link (no sign-in; the token is the credential). */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const claims = await verifyManageToken(decodeLinkSegment(token));
  const refuse = () => NextResponse.json({ error: "Ce lien n'est pas valide ou a expiré." }, { status: 404, headers: { "Cache-Control": "private, no-store" } });
  if (!claims) return refuse();
  try {
    const booking = await getBooking(claims.contactId, claims.bookingId);
    return bookingIcsResponse(booking, "fr", booking.sequence);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return refuse();
    log.error({ route: "bookings.manage.ics", err: error }, "calendar file failed");
    return NextResponse.json({ error: "Une erreur inattendue s'est produite. Merci de réessayer." }, { status: 500, headers: { "Cache-Control": "private, no-store" } });
  }
}
