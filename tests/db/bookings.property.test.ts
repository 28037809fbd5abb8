import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookAppointment } from "@/lib/bookings/book-appointment";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { rescheduleBooking } from "@/lib/bookings/reschedule-booking";
import type { DbHandle } from "@/lib/db/client";
import { outbox, reservations } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { openTestDb } from "@/tests/support/db";
import { ANTOINE, CAMILLE, deps, JULIEN, KARIM } from "@/tests/bookings/support";

/**
 * Any sequence of bookings, reschedules and cancellations by two customers, on a grid of times that
 * collide on purpose (30-minute steps, 90-minute jobs, two technicians): every call ends in a
 * booking, "ce créneau vient d'être réservé" or a French AppError — never an unexpected error —
 * and afterwards no technician has two confirmed reservations closer than the travel buffer, each
 * booking has at most one confirmed reservation, and every reminder still pending belongs to a
 * confirmed reservation.
 */
let h: DbHandle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => {
  await h?.close();
});

// Thursday 26 and Friday 27 November 2026, 08:00–11:00 Paris (UTC+1), every 30 minutes.
const STARTS = ["2026-11-26", "2026-11-27"].flatMap((d) => ["07:00", "07:30", "08:00", "08:30", "09:00", "09:30", "10:00"].map((t) => `${d}T${t}:00.000Z`));
const ADDRESS: Record<string, string> = { [CAMILLE]: "12 rue Royale, 69001 Lyon", [ANTOINE]: "8 cours Gambetta, 69003 Lyon" };

const op = fc.oneof(
  fc.record({ kind: fc.constant("book" as const), who: fc.constantFrom(CAMILLE, ANTOINE), start: fc.constantFrom(...STARTS), tech: fc.constantFrom(JULIEN, KARIM) }),
  fc.record({ kind: fc.constant("reschedule" as const), pick: fc.nat(), who: fc.constantFrom(CAMILLE, ANTOINE), start: fc.constantFrom(...STARTS), tech: fc.constantFrom(JULIEN, KARIM) }),
  fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat(), who: fc.constantFrom(CAMILLE, ANTOINE) }),
);

describe("bookings under arbitrary operation sequences", () => {
  it("keep technicians' reservations apart and every answer well-formed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        await h.db.delete(reservations);
        await h.db.delete(outbox);
        const bookings: string[] = [];
        for (const o of ops) {
          try {
            if (o.kind === "book") {
              const r = await bookAppointment(o.who, { service: "depannage", start: o.start, technicianId: o.tech, address: ADDRESS[o.who]!, idempotencyKey: randomUUID() }, deps(h.db));
              if (r.status === "booked") bookings.push(r.booking.bookingId);
              else expect(r.message).toMatch(/vient d'être réservé/);
            } else if (bookings.length > 0) {
              const bookingId = bookings[o.pick % bookings.length]!;
              if (o.kind === "cancel") await cancelBooking(o.who, { bookingId }, deps(h.db));
              else {
                const r = await rescheduleBooking(o.who, { bookingId, start: o.start, technicianId: o.tech, idempotencyKey: randomUUID() }, deps(h.db));
                if (r.status !== "booked") expect(r.message).toMatch(/vient d'être réservé/);
              }
            }
          } catch (error) {
            // Foreign booking, already cancelled, same time again, not offered: French, expected.
            if (!isAppError(error) || !["NOT_FOUND", "CONFLICT", "VALIDATION"].includes(error.code)) throw error;
            expect(error.userMessage).toMatch(/[a-zé]/);
          }
        }
        const rows = await h.db.select().from(reservations);
        const confirmed = rows.filter((r) => r.status === "confirmed");
        for (const a of confirmed) {
          for (const b of confirmed) {
            if (a.id === b.id || a.technicianId !== b.technicianId) continue;
            expect(a.startsAt < b.blockedUntil && b.startsAt < a.blockedUntil, `overlap ${a.id} ${b.id}`).toBe(false);
          }
        }
        const perBooking = new Map<string, number>();
        for (const r of confirmed) perBooking.set(r.bookingId, (perBooking.get(r.bookingId) ?? 0) + 1);
        expect([...perBooking.values()].every((n) => n === 1)).toBe(true);
        const pendingReminders = (await h.db.select().from(outbox)).filter((r) => r.idempotencyKey.endsWith(":sms:reminder") && r.status === "pending");
        const confirmedIds = new Set(confirmed.map((r) => r.id));
        for (const r of pendingReminders) expect(confirmedIds.has(r.idempotencyKey.split(":")[1]!)).toBe(true);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
