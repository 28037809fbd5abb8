import "server-only";
import { and, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { forgetContactRows } from "@/lib/memory-cache/row-memory";
import { reservations } from "@/lib/db/schema";
import {
  bookingError,
  bookingIdSchema,
  changeDeadline,
  dropPendingReminders,
  enqueueBookingEffects,
  enqueueBookingSync,
  loadBooking,
  MESSAGES,
  resolveDeps,
  toBookingView,
  type BookingDeps,
  type BookingView,
} from "./store";

/**
 * Cancels a booking up to the change limit before its start. Cancelling twice is harmless (the
 * second call returns the cancelled booking). The time is free for others at once; HubSpot follows
 * through the outbox (meeting outcome CANCELED, ticket to "Annulée"), and the reminder is dropped.
 */
export const cancelBookingInput = z.object({ bookingId: bookingIdSchema });

export async function cancelBooking(contactId: string, raw: z.input<typeof cancelBookingInput>, deps?: BookingDeps): Promise<BookingView> {
  const { bookingId } = cancelBookingInput.parse(raw);
  const d = await resolveDeps(deps);
  const { current, chain } = await loadBooking(d.db, contactId, bookingId);
  if (current.status === "cancelled") return toBookingView(current, d.policy, d.now);
  if (current.status === "pending") {
    // Awaiting confirmation: nothing is in HubSpot and no message went out; the time is freed at once.
    const [withdrawn] = await d.db
      .update(reservations)
      .set({ status: "cancelled", cancelledAt: d.now, updatedAt: d.now })
      .where(and(eq(reservations.id, current.id), eq(reservations.status, "pending")))
      .returning();
    if (!withdrawn) throw bookingError("CONFLICT", MESSAGES.notActive);
    forgetContactRows(contactId);
    return toBookingView(withdrawn, d.policy, d.now);
  }
  if (current.status !== "confirmed") throw bookingError("CONFLICT", MESSAGES.notActive);
  if (d.now >= changeDeadline(current, d.policy)) throw bookingError("CONFLICT", MESSAGES.tooLate(d.policy.changeLimitHours, d.policy.companyPhone));
  const customer = await d.customer(contactId);
  const row = await d.db.transaction(async (tx) => {
    const [cancelled] = await tx
      .update(reservations)
      .set({ status: "cancelled", cancelledAt: d.now, updatedAt: d.now })
      .where(and(eq(reservations.id, current.id), eq(reservations.status, "confirmed")))
      .returning();
    if (!cancelled) throw bookingError("CONFLICT", MESSAGES.notActive);
    await dropPendingReminders(tx, [current.id]);
    await enqueueBookingEffects(tx, { event: "cancelled", reservation: cancelled, sequence: chain.length, customer, now: d.now, policy: d.policy });
    return cancelled;
  });
  forgetContactRows(contactId);
  return toBookingView(row, d.policy, d.now);
}

/**
 * Right to erasure (lib/account `confirmErasure`, in ITS transaction): cancels every future
 * confirmed reservation of the contact so no technician comes to a customer who is gone. Not a
 * customer's cancel-by-choice: no change limit (an appointment tomorrow morning is cancelled too),
 * and nothing is sent to the customer (their email and phone are being erased). Staff see it in
 * HubSpot through the same `booking.sync` rows as a customer cancel: meeting outcome CANCELED,
 * ticket to "Annulée". The time is free for others at once; pending reminders are dropped.
 * Returns the cancelled reservation ids.
 */
export async function cancelFutureBookingsForErasure(tx: Db, contactId: string, now: Date): Promise<string[]> {
  const cancel = (status: "confirmed" | "pending") =>
    tx
      .update(reservations)
      .set({ status: "cancelled", cancelledAt: now, updatedAt: now })
      .where(and(eq(reservations.contactId, contactId), eq(reservations.status, status), gt(reservations.startsAt, now)))
      .returning();
  const cancelled = await cancel("confirmed");
  // Bookings still awaiting confirmation were never sent to HubSpot: nothing to tell it.
  const withdrawn = await cancel("pending");
  const ids = [...cancelled, ...withdrawn].map((r) => r.id);
  await dropPendingReminders(tx, ids);
  await enqueueBookingSync(tx, cancelled);
  return ids;
}
