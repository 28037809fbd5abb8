"use server";

import { z } from "zod";
import { actionFailure, fieldErrorsOf, type ActionResult } from "@/lib/auth/customer-action";
import type { BookingOutcome } from "@/lib/bookings/book-appointment";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { rescheduleBooking, rescheduleBookingInput } from "@/lib/bookings/reschedule-booking";
import type { BookingView } from "@/lib/bookings/store";
import { verifyManageToken } from "@/lib/bookings/tokens";
import { AppError } from "@/lib/errors";
import { FRENCH_ZOD_ERRORS } from "@/lib/i18n/zod-errors";

/**
 * Reschedule / cancel from the link in the confirmation email or reminder SMS, without signing in:
 * the signed token names the booking and its customer, and the core functions check both (a token
 * cannot reach another booking, even with a booking id changed in the request).
 */
const tokenSchema = z.string().min(20).max(2048);

async function fromToken(token: string, bookingId: string): Promise<string> {
  const claims = await verifyManageToken(token);
  if (!claims || claims.bookingId !== bookingId) {
    throw new AppError("FORBIDDEN", "invalid manage token", { userMessage: "Ce lien n'est pas valide ou a expiré. Connectez-vous à votre espace client." });
  }
  return claims.contactId;
}

export async function manageRescheduleAction(raw: unknown): Promise<ActionResult<BookingOutcome>> {
  const parsed = rescheduleBookingInput.extend({ token: tokenSchema }).safeParse(raw, FRENCH_ZOD_ERRORS);
  if (!parsed.success) return { ok: false, code: "VALIDATION", error: "Certaines informations sont invalides.", fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    const { token, ...input } = parsed.data;
    return { ok: true, data: await rescheduleBooking(await fromToken(token, input.bookingId), input) };
  } catch (error) {
    return actionFailure(error, "bookings.manage.reschedule");
  }
}

export async function manageCancelAction(raw: unknown): Promise<ActionResult<BookingView>> {
  const parsed = z.object({ token: tokenSchema, bookingId: z.string().max(100) }).safeParse(raw, FRENCH_ZOD_ERRORS);
  if (!parsed.success) return { ok: false, code: "VALIDATION", error: "Certaines informations sont invalides." };
  try {
    return { ok: true, data: await cancelBooking(await fromToken(parsed.data.token, parsed.data.bookingId), { bookingId: parsed.data.bookingId }) };
  } catch (error) {
    return actionFailure(error, "bookings.manage.cancel");
  }
}
