import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bookAppointment } from "@/lib/bookings/book-appointment";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import type { DbHandle } from "@/lib/db/client";
import { outbox, reservations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { Appointment } from "@/lib/model/types";
import { openTestDb } from "@/tests/support/db";
import { ANTOINE, CAMILLE, deps, JULIEN, KARIM, NOW, WED_8H } from "@/tests/bookings/support";

/**
 * The dashboard's "next appointment" merges the portal's own bookings like /rendez-vous does: a
 * booking HubSpot does not have yet is the next visit (marked "en cours de transmission"), a
 * delivered one is not shown twice, another customer's never appears.
 */
let h: DbHandle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.db.delete(reservations);
  await h.db.delete(outbox);
});

const hubspotVisit = (id: string, start: string, extra: Partial<Appointment> = {}): Appointment => ({
  id,
  title: "Contrôle annuel",
  start,
  end: new Date(Date.parse(start) + 3_600_000).toISOString(),
  location: "12 rue Royale, 69001 Lyon",
  outcome: "SCHEDULED",
  technician: { id: KARIM, firstName: "Karim", lastName: null, email: null },
  interventionId: null,
  bookingId: null,
  ...extra,
});

async function book(contactId: string, start: string, technicianId = JULIEN) {
  const outcome = await bookAppointment(contactId, { service: "depannage", start, technicianId, address: "12 rue Royale, 69001 Lyon", idempotencyKey: randomUUID() }, deps(h.db));
  if (outcome.status !== "booked") throw new Error(outcome.status);
  return outcome.booking;
}

describe("dashboard next appointment with the portal's bookings", () => {
  it("a booking HubSpot does not have yet comes first, marked as being transmitted", async () => {
    const booking = await book(CAMILLE, WED_8H);
    await book(ANTOINE, "2026-11-24T13:30:00.000Z", KARIM); // earlier, but someone else's
    const hubspot = async (contactId: string) => (contactId === CAMILLE ? [hubspotVisit("m-later", "2026-12-02T09:00:00.000Z")] : []);
    const next = await loadDashboard(CAMILLE, NOW, { db: h.db, hubspot }).nextAppointment;
    expect(next).toMatchObject({ id: booking.reservationId, start: WED_8H, outcome: "SCHEDULED", booking: { bookingId: booking.bookingId, transmitting: true } });
  });

  it("once HubSpot has the meeting, it is listed once (the booking's row, no longer transmitting)", async () => {
    const booking = await book(CAMILLE, WED_8H);
    await h.db.update(reservations).set({ hubspotSyncedAt: new Date(NOW.getTime() + 1_000) }).where(eq(reservations.id, booking.reservationId));
    const hubspot = async () => [hubspotVisit("m-1", WED_8H, { bookingId: booking.reservationId }), hubspotVisit("m-later", "2026-12-02T09:00:00.000Z")];
    const dashboard = loadDashboard(CAMILLE, NOW, { db: h.db, hubspot });
    const next = await dashboard.nextAppointment;
    expect(next?.id).toBe(booking.reservationId);
    expect(next?.booking?.transmitting).toBe(false);
  });

  it("a cancelled booking is not the next visit; HubSpot's is", async () => {
    const booking = await book(CAMILLE, WED_8H);
    await h.db.update(reservations).set({ status: "cancelled" }).where(eq(reservations.id, booking.reservationId));
    const next = await loadDashboard(CAMILLE, NOW, { db: h.db, hubspot: async () => [hubspotVisit("m-later", "2026-12-02T09:00:00.000Z")] }).nextAppointment;
    expect(next?.id).toBe("m-later");
    expect(next?.booking).toBeNull();
  });

  it("HubSpot down: the section fails (its error state) rather than showing a wrong next visit", async () => {
    await book(CAMILLE, "2026-11-27T07:00:00.000Z");
    const dashboard = loadDashboard(CAMILLE, NOW, { db: h.db, hubspot: async () => { throw new AppError("UPSTREAM_UNAVAILABLE", "down"); } });
    await expect(dashboard.nextAppointment).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE" });
  });
});
