import { randomUUID } from "node:crypto";
import { and, eq, like, ne } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bookAppointment } from "@/lib/bookings/book-appointment";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { getBooking, listCustomerAppointments } from "@/lib/bookings/list-appointments";
import { listRescheduleSlots, listSlots } from "@/lib/bookings/list-slots";
import { rescheduleBooking } from "@/lib/bookings/reschedule-booking";
import { pgCode, reminderKey } from "@/lib/bookings/store";
import { signManageToken, verifyManageToken } from "@/lib/bookings/tokens";
import type { DbHandle } from "@/lib/db/client";
import { outbox, portalUploads, reservations } from "@/lib/db/schema";
import { storeUpload } from "@/lib/uploads/store-upload";
import { isAppError } from "@/lib/errors";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { openTestDb } from "@/tests/support/db";
import { FakeTransports } from "@/tests/outbox/support";
import { ANTOINE, CAMILLE, deps, fakeCalendar, JULIEN, KARIM, meeting, NOW, WED_8H } from "@/tests/bookings/support";

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

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.userMessage };
    if (e && typeof e === "object" && "issues" in e) return { code: "ZOD", message: String((e as { issues: { message: string }[] }).issues[0]?.message) };
    throw e;
  }
  throw new Error("expected a failure");
}

const book = (contactId: string, over: Record<string, unknown> = {}, extra = {}) =>
  bookAppointment(contactId, { service: "depannage", start: WED_8H, technicianId: JULIEN, address: "12 rue Royale, 69001 Lyon", note: "Disjoncteur qui saute", idempotencyKey: randomUUID(), ...over }, deps(h.db, extra));

async function booked(contactId = CAMILLE, over: Record<string, unknown> = {}) {
  const outcome = await book(contactId, over);
  if (outcome.status !== "booked") throw new Error(`not booked: ${outcome.message}`);
  return outcome.booking;
}

const outboxKeys = async () => (await h.db.select().from(outbox)).map((r) => r.idempotencyKey).sort();

describe("listing slots", () => {
  it("offers Paris times from the next working day, with a technician per time", async () => {
    const listing = await listSlots(CAMILLE, { service: "depannage" }, deps(h.db));
    expect(listing.bookable).toBe(true);
    expect(listing.address).toBe("12 rue Royale, 69001 Lyon");
    expect(listing.days[0]?.date).toBe("2026-11-24");
    const wed = listing.days[1]!.slots.find((s) => s.start === WED_8H);
    expect(wed?.localTime).toBe("08:00");
    expect(wed?.technicianId).toMatch(/^7123450\d$/);
  });

  it("says why nothing is bookable: request-only service, address outside the area", async () => {
    expect((await listSlots(CAMILLE, { service: "mise_aux_normes" }, deps(h.db))).reason).toBe("request_only");
    expect((await listSlots(CAMILLE, { service: "depannage", address: "3 La Canebière, 13001 Marseille" }, deps(h.db))).reason).toBe("outside_service_area");
  });

  it("a HubSpot meeting blocks its technician's time (plus travel), a cancelled reservation frees it", async () => {
    const calendar = fakeCalendar([meeting({ id: "m1", technicianId: JULIEN, start: WED_8H, end: "2026-11-25T09:00:00.000Z" })]);
    const listing = await listSlots(CAMILLE, { service: "depannage", from: "2026-11-25", to: "2026-11-25" }, deps(h.db, { calendar }));
    const at8 = listing.days[0]!.slots.find((s) => s.start === WED_8H);
    expect(at8?.technicianId).not.toBe(JULIEN);
  });
});

describe("booking", () => {
  it("commits the reservation with its outbox rows: HubSpot sync, email, SMS, reminder the day before at 18:00", async () => {
    const b = await booked();
    expect(b).toMatchObject({ status: "confirmed", start: WED_8H, end: "2026-11-25T08:30:00.000Z", technicianId: JULIEN, transmitting: true, canChange: true });
    const rows = await h.db.select().from(outbox);
    const keys = rows.map((r) => r.idempotencyKey).sort();
    expect(keys).toEqual(
      [`booking.sync:${b.reservationId}:confirmed`, `booking:${b.reservationId}:email:confirmed`, `booking:${b.reservationId}:sms:confirmed`, reminderKey(b.reservationId)].sort(),
    );
    const reminder = rows.find((r) => r.idempotencyKey === reminderKey(b.reservationId))!;
    // Tuesday 24 November 18:00 in Paris = 17:00 UTC.
    expect(reminder.nextAttemptAt.toISOString()).toBe("2026-11-24T17:00:00.000Z");
    expect(JSON.stringify(reminder.payload)).not.toContain("camille");
  });

  it("a double click (same idempotency key, at once) books once", async () => {
    const key = randomUUID();
    const [a, b] = await Promise.all([book(CAMILLE, { idempotencyKey: key }), book(CAMILLE, { idempotencyKey: key })]);
    expect(a.status).toBe("booked");
    expect(b.status).toBe("booked");
    if (a.status === "booked" && b.status === "booked") expect(a.booking.bookingId).toBe(b.booking.bookingId);
    expect(await h.db.select().from(reservations)).toHaveLength(1);
  });

  it("a taken slot gets the friendly message and fresh slots without it", async () => {
    await booked(CAMILLE);
    const second = await book(ANTOINE, { address: "8 cours Gambetta, 69003 Lyon" });
    expect(second.status).toBe("slot_taken");
    if (second.status !== "slot_taken") return;
    expect(second.message).toBe("Ce créneau vient d'être réservé. Voici les créneaux encore disponibles.");
    const again = second.listing.days.flatMap((d) => d.slots).find((s) => s.start === WED_8H && s.technicianId === JULIEN);
    expect(again).toBeUndefined();
    expect(second.listing.days.length).toBeGreaterThan(0);
    expect(await h.db.select().from(reservations)).toHaveLength(1);
  });

  it("the database refuses overlapping confirmed reservations of one technician, travel buffer included", async () => {
    const row = (id: string, technicianId: string, start: string, end: string, blockedUntil: string, status = "confirmed") => ({
      id, bookingId: id, contactId: CAMILLE, technicianId, serviceType: "depannage", startsAt: new Date(start), endsAt: new Date(end),
      blockedUntil: new Date(blockedUntil), address: "12 rue Royale, 69001 Lyon", status, idempotencyKey: id,
    });
    const insert = async (r: ReturnType<typeof row>) => {
      try {
        await h.db.insert(reservations).values(r);
        return "ok";
      } catch (e) {
        return pgCode(e);
      }
    };
    expect(await insert(row(randomUUID(), JULIEN, "2026-11-25T07:00:00Z", "2026-11-25T08:30:00Z", "2026-11-25T08:45:00Z"))).toBe("ok");
    // Inside the first job's travel buffer.
    expect(await insert(row(randomUUID(), JULIEN, "2026-11-25T08:40:00Z", "2026-11-25T09:40:00Z", "2026-11-25T09:55:00Z"))).toBe("23P01");
    // Right after the buffer, another technician at the same time, a cancelled row: accepted.
    expect(await insert(row(randomUUID(), JULIEN, "2026-11-25T08:45:00Z", "2026-11-25T09:45:00Z", "2026-11-25T10:00:00Z"))).toBe("ok");
    expect(await insert(row(randomUUID(), KARIM, "2026-11-25T07:00:00Z", "2026-11-25T08:30:00Z", "2026-11-25T08:45:00Z"))).toBe("ok");
    expect(await insert(row(randomUUID(), JULIEN, "2026-11-25T07:00:00Z", "2026-11-25T08:30:00Z", "2026-11-25T08:45:00Z", "cancelled"))).toBe("ok");
  });

  it("bad input: past, too soon, beyond the horizon, request-only service, outside the area, unknown technician — nothing written", async () => {
    expect((await failure(book(CAMILLE, { start: "2026-11-22T08:00:00.000Z" }))).message).toMatch(/déjà passé/);
    expect((await failure(book(CAMILLE, { start: "2026-11-23T14:00:00.000Z" }))).message).toMatch(/trop proche/);
    expect((await failure(book(CAMILLE, { start: "2027-02-10T08:00:00.000Z" }))).message).toMatch(/trop loin/);
    expect((await failure(book(CAMILLE, { service: "mise_aux_normes" }))).message).toMatch(/ne se réserve pas en ligne/);
    expect((await failure(book(CAMILLE, { address: "3 La Canebière, 13001 Marseille" }))).message).toMatch(/zone d'intervention/);
    expect((await failure(book(CAMILLE, { address: "x" }))).code).toBe("ZOD");
    expect((await failure(book(CAMILLE, { idempotencyKey: "not-a-uuid" }))).code).toBe("ZOD");
    expect((await book(CAMILLE, { technicianId: "99999999" })).status).toBe("slot_taken");
    // Julien does not do charging-point visits: his "slot" for that service is not offered.
    expect((await book(CAMILLE, { service: "borne_recharge" })).status).toBe("slot_taken");
    expect(await h.db.select().from(reservations)).toHaveLength(0);
    expect(await h.db.select().from(outbox)).toHaveLength(0);
  });
});

describe("photos of the problem", () => {
  const photo = { bytes: new Uint8Array([137, 80, 78, 71]), mimeType: "image/png" as const, extension: "png" as const, fileName: "tableau.png", width: 1, height: 1 };

  it("attaches the customer's own photos; another customer's or a used one refuses the booking, nothing written", async () => {
    const mine = await storeUpload(CAMILLE, "booking", photo, h.db);
    const theirs = await storeUpload(ANTOINE, "booking", photo, h.db);
    const refused = await failure(book(CAMILLE, { uploadIds: [theirs.id] }));
    expect(refused.code).toBe("VALIDATION");
    expect(refused.message).toMatch(/pièce jointe|photo/i);
    expect(await h.db.select().from(reservations)).toHaveLength(0);
    expect(await h.db.select().from(outbox)).toHaveLength(0);
    const b = await booked(CAMILLE, { uploadIds: [mine.id] });
    const [row] = await h.db.select().from(portalUploads).where(eq(portalUploads.id, mine.id));
    expect(row?.attachedTo).toBe(b.reservationId);
    expect((await failure(book(CAMILLE, { start: "2026-11-26T07:00:00.000Z", uploadIds: [mine.id] }))).code).toBe("VALIDATION");
    expect((await failure(book(CAMILLE, { uploadIds: Array.from({ length: 6 }, () => randomUUID()) }))).code).toBe("ZOD");
  });
});

describe("reschedule and cancel", () => {
  it("reschedule: old time freed (bookable by someone else), new row, meeting sync for both, reminder moved", async () => {
    const b = await booked();
    const moved = await rescheduleBooking(CAMILLE, { bookingId: b.bookingId, start: "2026-11-26T13:30:00.000Z", technicianId: KARIM, idempotencyKey: randomUUID() }, deps(h.db));
    expect(moved.status).toBe("booked");
    if (moved.status !== "booked") return;
    expect(moved.booking).toMatchObject({ bookingId: b.bookingId, technicianId: KARIM, start: "2026-11-26T13:30:00.000Z" });
    const rows = await h.db.select().from(reservations).where(eq(reservations.bookingId, b.bookingId));
    expect(rows.map((r) => r.status).sort()).toEqual(["confirmed", "rescheduled"]);
    const keys = await outboxKeys();
    expect(keys).not.toContain(reminderKey(b.reservationId));
    expect(keys).toContain(reminderKey(moved.booking.reservationId));
    expect(keys).toContain(`booking.sync:${b.reservationId}:rescheduled`);
    expect(keys).toContain(`booking:${moved.booking.reservationId}:email:rescheduled`);
    expect((await book(ANTOINE, { address: "8 cours Gambetta, 69003 Lyon" })).status).toBe("booked");
  });

  it("reschedule slots ignore the booking's own time", async () => {
    const b = await booked();
    const listing = await listRescheduleSlots(CAMILLE, b.bookingId, deps(h.db));
    expect(listing.days.flatMap((d) => d.slots).some((s) => s.start === WED_8H && s.technicianId === JULIEN)).toBe(true);
  });

  it("cancel: frees the time, drops the reminder, tells the customer; twice is harmless", async () => {
    const b = await booked();
    const cancelled = await cancelBooking(CAMILLE, { bookingId: b.bookingId }, deps(h.db));
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.canChange).toBe(false);
    const keys = await outboxKeys();
    expect(keys).not.toContain(reminderKey(b.reservationId));
    expect(keys).toContain(`booking:${b.reservationId}:email:cancelled`);
    expect(keys).toContain(`booking.sync:${b.reservationId}:cancelled`);
    expect((await cancelBooking(CAMILLE, { bookingId: b.bookingId }, deps(h.db))).status).toBe("cancelled");
    expect((await book(ANTOINE, { address: "8 cours Gambetta, 69003 Lyon" })).status).toBe("booked");
  });

  it("after the 24 h limit: clear message, nothing changes", async () => {
    const b = await booked();
    // 23 h before the start.
    const limited = deps(h.db, { now: new Date(Date.parse(WED_8H) - 23 * 3_600_000) });
    const c = await failure(cancelBooking(CAMILLE, { bookingId: b.bookingId }, limited));
    expect(c.code).toBe("CONFLICT");
    expect(c.message).toMatch(/moins de 24 heures/);
    const r = await failure(rescheduleBooking(CAMILLE, { bookingId: b.bookingId, start: "2026-11-26T13:30:00.000Z", technicianId: KARIM, idempotencyKey: randomUUID() }, limited));
    expect(r.message).toMatch(/moins de 24 heures/);
    expect((await getBooking(CAMILLE, b.bookingId, deps(h.db))).status).toBe("confirmed");
  });

  it("another customer's booking: not found for cancel, reschedule, read; nothing changes", async () => {
    const b = await booked(CAMILLE);
    expect((await failure(cancelBooking(ANTOINE, { bookingId: b.bookingId }, deps(h.db)))).code).toBe("NOT_FOUND");
    expect((await failure(rescheduleBooking(ANTOINE, { bookingId: b.bookingId, start: "2026-11-26T13:30:00.000Z", technicianId: KARIM, idempotencyKey: randomUUID() }, deps(h.db)))).code).toBe("NOT_FOUND");
    expect((await failure(getBooking(ANTOINE, b.bookingId, deps(h.db)))).code).toBe("NOT_FOUND");
    expect((await failure(listRescheduleSlots(ANTOINE, b.bookingId, deps(h.db)))).code).toBe("NOT_FOUND");
    expect((await failure(getBooking(CAMILLE, "not-a-uuid", deps(h.db)))).code).toBe("NOT_FOUND");
    expect((await getBooking(CAMILLE, b.bookingId, deps(h.db))).status).toBe("confirmed");
    expect((await listCustomerAppointments(ANTOINE, { ...deps(h.db), hubspot: async () => [] })).items).toHaveLength(0);
  });
});

describe("appointments list", () => {
  it("shows a portal booking at once, marked in transmission, and not twice once HubSpot has its meeting", async () => {
    const b = await booked();
    const hubspotMeeting = { id: "555", title: "Dépannage", start: WED_8H, end: b.end, location: b.address, outcome: "SCHEDULED" as const, technician: null, interventionId: null, bookingId: b.reservationId };
    const older = { ...hubspotMeeting, id: "444", start: "2026-10-01T08:00:00.000Z", end: "2026-10-01T09:00:00.000Z", bookingId: null, outcome: "COMPLETED" as const };
    const list = await listCustomerAppointments(CAMILLE, { ...deps(h.db), hubspot: async () => [hubspotMeeting, older] });
    expect(list.items.map((i) => i.id)).toEqual(["444", b.reservationId]);
    expect(list.items[1]?.booking).toMatchObject({ transmitting: true, canChange: true });
    const down = await listCustomerAppointments(CAMILLE, { ...deps(h.db), hubspot: async () => Promise.reject(new Error("HubSpot down")) });
    expect(down.partial).toBe(true);
    expect(down.items).toHaveLength(1);
  });
});

describe("manage links and the reminder", () => {
  it("a signed link names the booking and customer; a tampered or foreign-purpose token is refused", async () => {
    const token = await signManageToken({ bookingId: "b-1", contactId: CAMILLE }, NOW);
    expect(await verifyManageToken(token, NOW)).toEqual({ bookingId: "b-1", contactId: CAMILLE });
    const [head, body, sig] = token.split(".");
    const forged = `${head}.${Buffer.from(JSON.stringify({ sub: "b-1", cid: ANTOINE })).toString("base64url")}.${sig}`;
    expect(await verifyManageToken(forged, NOW)).toBeNull();
    expect(await verifyManageToken(`${head}.${body}.${sig}x`, NOW)).toBeNull();
    expect(await verifyManageToken(token, new Date(NOW.getTime() + 200 * 86_400_000))).toBeNull();
  });

  it("the worker sends the reminder only from 18:00 the day before, with the manage link", async () => {
    const b = await booked();
    await h.db.delete(outbox).where(like(outbox.idempotencyKey, "booking.sync:%"));
    // Booked at the test's clock (NOW): its immediate messages are due from then, not from the database's
    // real now() (which made this test fail on any run after 16:59 UTC on 24 November 2026).
    await h.db
      .update(outbox)
      .set({ nextAttemptAt: NOW })
      .where(and(like(outbox.idempotencyKey, `booking:${b.reservationId}:%`), ne(outbox.idempotencyKey, reminderKey(b.reservationId))));
    const transports = new FakeTransports();
    await runOutboxOnce({ db: h.db, transports: transports.transports, now: () => new Date("2026-11-24T16:59:00.000Z") });
    expect(transports.sms.map((s) => s.body).some((t) => t.includes("Rappel"))).toBe(false);
    expect(transports.sms.map((s) => s.body)).toEqual([expect.stringMatching(/^Duret Électricité : RDV confirmé mer\. 25 nov\., 08:00 \(Dépannage électrique\)\. Gérer : https?:\/\/\S+\/rdv\//)]);
    expect(transports.emails).toHaveLength(1);
    expect(transports.emails[0]?.subject).toBe("Votre rendez-vous est confirmé : Dépannage électrique");
    const ics = transports.emails[0]?.attachments?.[0]?.content ?? "";
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain("DTSTART:20261125T070000Z");
    expect(ics).toContain(`UID:${b.bookingId}@duret-electricite.fr`);
    await runOutboxOnce({ db: h.db, transports: transports.transports, now: () => new Date("2026-11-24T17:00:01.000Z") });
    const reminder = transports.sms.find((s) => s.body.includes("Rappel"));
    expect(reminder?.to).toBe("+33612345678");
    expect(reminder?.body).toMatch(/\/rdv\//);
  });
});
