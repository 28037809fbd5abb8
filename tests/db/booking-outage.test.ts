import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bookAppointment } from "@/lib/bookings/book-appointment";
import type { CalendarSource, MeetingBusy } from "@/lib/bookings/calendar";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { getBookingPage, listCustomerAppointments } from "@/lib/bookings/list-appointments";
import { rescheduleBooking } from "@/lib/bookings/reschedule-booking";
import { verifyPendingBooking } from "@/lib/bookings/verify-booking";
import { techniciansFromSettings } from "@/lib/bookings/technicians";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";

const TECHNICIAN_CONFIG = techniciansFromSettings(DEMO_SETTINGS.technicians);
import type { DbHandle } from "@/lib/db/client";
import { outbox, reservations } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { openTestDb } from "@/tests/support/db";
import { ANTOINE, CAMILLE, deps, JULIEN, meeting, NOW, WED_8H } from "@/tests/bookings/support";

/**
 * Issue 18 point 10: a booking accepted during a HubSpot outage must not double-book a technician.
 * The old calendar answered a failed fresh read with the cached meetings, or none at all
 * (`.catch(() => [])`), and confirmed the slot: a meeting staff had just put in HubSpot was
 * booked over. Now the slot is confirmed only against a fresh read; without one the booking is
 * held « en attente de confirmation » and the outbox confirms it, or offers the nearest free times.
 */

/** HubSpot as the portal sees it: `down` makes every read fail; `cached` is the last copy the portal holds. */
function hubspot(initial: MeetingBusy[] = []) {
  const state = { down: false, meetings: [...initial], cached: [...initial] as MeetingBusy[] | null, freshReads: 0 };
  const calendar: CalendarSource = {
    async technicians() {
      return [...TECHNICIAN_CONFIG];
    },
    async meetings(ids, from, to, opts) {
      const within = (list: MeetingBusy[]) => list.filter((m) => ids.includes(m.technicianId) && m.start < to && m.end > from);
      if (opts.fresh) {
        state.freshReads++;
        // The real source (lib/bookings/calendar.ts hubspotCalendar) turns a failed fresh read into this error.
        if (state.down) {
          const { CalendarUnavailableError } = await import("@/lib/bookings/calendar");
          throw new CalendarUnavailableError(new Error("HubSpot 503"));
        }
        return within(state.meetings);
      }
      if (state.down) {
        if (state.cached) return within(state.cached);
        throw new Error("HubSpot 503 and nothing cached");
      }
      state.cached = [...state.meetings];
      return within(state.meetings);
    },
  };
  return { state, calendar };
}

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

const WED_9H = "2026-11-25T08:00:00.000Z";
const staffMeeting = meeting({ id: "staff-1", technicianId: JULIEN, start: WED_8H, end: WED_9H });

function book(contactId: string, calendar: CalendarSource, over: Record<string, unknown> = {}) {
  return bookAppointment(
    contactId,
    { service: "depannage", start: WED_8H, technicianId: JULIEN, address: "12 rue Royale, 69001 Lyon", note: "", idempotencyKey: randomUUID(), ...over },
    deps(h.db, { calendar }),
  );
}

const keys = async () => (await h.db.select().from(outbox)).map((r) => r.idempotencyKey).sort();
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe("a booking while HubSpot cannot be read", () => {
  it("is held « en attente de confirmation »: nothing sent to the customer or HubSpot yet, only the check queued", async () => {
    const { state, calendar } = hubspot();
    state.down = true;
    const outcome = await book(CAMILLE, calendar);
    expect(outcome.status).toBe("booked");
    if (outcome.status !== "booked") return;
    expect(outcome.booking.status).toBe("pending");
    expect(outcome.booking.transmitting).toBe(false);
    const [row] = await h.db.select().from(reservations);
    expect(row?.status).toBe("pending");
    expect(await keys()).toEqual([`booking.verify:${row!.id}`]);
    const page = await getBookingPage(CAMILLE, outcome.booking.bookingId, deps(h.db, { calendar }));
    expect(page.booking.status).toBe("pending");
    expect(page.deliveries).toEqual([]);
  });

  it("holds the time: a second customer cannot take it while it waits", async () => {
    const { state, calendar } = hubspot();
    state.down = true;
    expect((await book(CAMILLE, calendar)).status).toBe("booked");
    const second = await book(ANTOINE, calendar, { address: "8 cours Gambetta, 69003 Lyon" });
    expect(second.status).toBe("slot_taken");
    expect(await h.db.select().from(reservations)).toHaveLength(1);
  });

  it("a slot the last known calendar shows busy is refused at once, not held", async () => {
    const { state, calendar } = hubspot([staffMeeting]);
    await calendar.meetings([JULIEN], "2026-11-24T00:00:00.000Z", "2026-11-27T00:00:00.000Z", {}); // the portal's copy
    state.down = true;
    expect((await book(CAMILLE, calendar)).status).toBe("slot_taken");
    expect(await h.db.select().from(reservations)).toHaveLength(0);
  });

  it("once HubSpot answers and the time is still free: confirmed, with the usual messages and HubSpot sync", async () => {
    const { state, calendar } = hubspot();
    state.down = true;
    const outcome = await book(CAMILLE, calendar);
    if (outcome.status !== "booked") throw new Error("not booked");
    const id = outcome.booking.reservationId;
    // Still down: the check fails and the outbox will try again (nothing changes).
    await expect(verifyPendingBooking(id, deps(h.db, { calendar, now: later(1) }))).rejects.toThrow(/calendar unavailable/);
    expect((await h.db.select().from(reservations))[0]?.status).toBe("pending");

    state.down = false;
    expect(await verifyPendingBooking(id, deps(h.db, { calendar, now: later(5) }))).toEqual({ status: "confirmed" });
    expect((await h.db.select().from(reservations))[0]?.status).toBe("confirmed");
    expect(await keys()).toEqual(
      [`booking.verify:${id}`, `booking.sync:${id}:confirmed`, `booking:${id}:email:confirmed`, `booking:${id}:sms:confirmed`, `booking:${id}:sms:reminder`].sort(),
    );
    // A redelivery changes nothing.
    expect(await verifyPendingBooking(id, deps(h.db, { calendar, now: later(6) }))).toEqual({ status: "confirmed" });
    expect(await keys()).toHaveLength(5);
  });

  it("the reported race: staff fill the slot in HubSpot during the outage → no second meeting; the customer gets the nearest free times", async () => {
    const { state, calendar } = hubspot();
    await calendar.meetings([JULIEN], "2026-11-24T00:00:00.000Z", "2026-11-27T00:00:00.000Z", {}); // cached: Julien free
    state.down = true;
    const outcome = await book(CAMILLE, calendar);
    if (outcome.status !== "booked") throw new Error("not booked");
    expect(outcome.booking.status).toBe("pending");
    const id = outcome.booking.reservationId;

    state.meetings.push(staffMeeting); // booked by the office in HubSpot meanwhile
    state.down = false;
    expect(await verifyPendingBooking(id, deps(h.db, { calendar, now: later(10) }))).toEqual({ status: "unavailable" });

    const rows = await h.db.select().from(outbox);
    // No HubSpot meeting or ticket for it (no booking.sync), no « confirmé » message.
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual([`booking.verify:${id}`, `booking:${id}:unavailable:email`, `booking:${id}:unavailable:sms`].sort());
    const page = await getBookingPage(CAMILLE, outcome.booking.bookingId, deps(h.db, { calendar, now: later(10) }));
    expect(page.booking.status).toBe("unavailable");
    expect(page.alternatives.length).toBeGreaterThan(0);
    expect(page.alternatives.length).toBeLessThanOrEqual(3);
    // The nearest free times around the lost one (the same hour may be free with another technician), in time order.
    const starts = page.alternatives.map((a) => a.start);
    expect([...starts].sort()).toEqual(starts);
    for (const a of page.alternatives) expect(Math.abs(Date.parse(a.start) - Date.parse(WED_8H))).toBeLessThanOrEqual(24 * 3_600_000);
    // The time is free again in the portal (the unavailable row holds nothing): Antoine can book another technician there.
    const [held] = await h.db.select().from(reservations).where(eq(reservations.id, id));
    expect(held?.status).toBe("unavailable");
    // The list shows it as not happening.
    const list = await listCustomerAppointments(CAMILLE, { ...deps(h.db, { calendar, now: later(10) }), hubspot: async () => [] });
    expect(list.items.find((i) => i.bookingId === outcome.booking.bookingId)?.outcome).toBe("CANCELED");
  });

  it("a pending request can be withdrawn: cancelled at once, nothing to HubSpot, the later check does nothing", async () => {
    const { state, calendar } = hubspot();
    state.down = true;
    const outcome = await book(CAMILLE, calendar);
    if (outcome.status !== "booked") throw new Error("not booked");
    const view = await cancelBooking(CAMILLE, { bookingId: outcome.booking.bookingId }, deps(h.db, { calendar }));
    expect(view.status).toBe("cancelled");
    state.down = false;
    expect(await verifyPendingBooking(outcome.booking.reservationId, deps(h.db, { calendar, now: later(5) }))).toEqual({ status: "cancelled" });
    expect(await keys()).toEqual([`booking.verify:${outcome.booking.reservationId}`]);
  });

  it("another customer cannot read or withdraw a pending booking", async () => {
    const { state, calendar } = hubspot();
    state.down = true;
    const outcome = await book(CAMILLE, calendar);
    if (outcome.status !== "booked") throw new Error("not booked");
    const err = await cancelBooking(ANTOINE, { bookingId: outcome.booking.bookingId }, deps(h.db, { calendar })).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe("NOT_FOUND");
    const read = await getBookingPage(ANTOINE, outcome.booking.bookingId, deps(h.db, { calendar })).catch((e: unknown) => e);
    expect(isAppError(read) && read.code).toBe("NOT_FOUND");
    expect((await h.db.select().from(reservations))[0]?.status).toBe("pending");
  });

  it("moving a confirmed booking while HubSpot cannot be read keeps the current time, with a clear French message", async () => {
    const { state, calendar } = hubspot();
    const outcome = await book(CAMILLE, calendar);
    if (outcome.status !== "booked") throw new Error("not booked");
    expect(outcome.booking.status).toBe("confirmed");
    state.down = true;
    const err = await rescheduleBooking(
      CAMILLE,
      { bookingId: outcome.booking.bookingId, start: "2026-11-26T07:00:00.000Z", technicianId: JULIEN, idempotencyKey: randomUUID() },
      deps(h.db, { calendar }),
    ).catch((e: unknown) => e);
    expect(isAppError(err) && err.userMessage).toMatch(/votre rendez-vous actuel est conservé/);
    const rows = await h.db.select().from(reservations);
    expect(rows.map((r) => r.status)).toEqual(["confirmed"]);
  });
});
