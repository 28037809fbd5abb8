import { randomUUID } from "node:crypto";
import { bookingObjects } from "../support/hubspot-objects";
import { and, eq, like, max } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmErasure, requestErasure } from "@/lib/account/erasure";
import { registerAccountHandlers } from "@/lib/account/outbox-handlers";
import { bookAppointment } from "@/lib/bookings/book-appointment";
import { registerBookingHandlers } from "@/lib/bookings/sync-booking";
import type { Db } from "@/lib/db/client";
import { erasureRequests, outbox, reservations } from "@/lib/db/schema";
import { resolvePipeline } from "@/lib/hubspot/pipelines";
import { openPayload } from "@/lib/outbox/seal";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { buildSeed } from "@/sandbox/seed";
import { FakeTransports } from "../outbox/support";
import { startStack, type Stack } from "../hubspot/support/stack";
import { deps, JULIEN, KARIM, NOW } from "../bookings/support";

/**
 * Erasure cancels the customer's future appointments (issue 7 × issue 4): the reservation is
 * cancelled locally at once (even inside the 24 h customer limit), the HubSpot meeting turns
 * CANCELED and the ticket "Annulée" before the contact is deleted, the customer gets no booking
 * message, past appointments and other customers' bookings are untouched.
 */
describe("erasure cancels future bookings", () => {
  let stack: Stack;
  let db: Db;
  let camille: { contactId: string; phone: string };
  let antoine: { contactId: string };
  const fake = new FakeTransports();
  /** Tuesday 24 November 2026, 10:00 Paris: the erasure's time. */
  const ERASE_AT = Date.parse("2026-11-24T09:00:00.000Z");

  async function drain(): Promise<void> {
    // The worker runs an hour after the erasure, or after the last row was queued when that is
    // later (rows are queued due at the database's own time of the insert, whatever today's date
    // is), and its clock moves 10 minutes a pass, so a row retried later (two syncs of one
    // reservation in the same pass: the second waits for the first one's lease) comes due.
    const [last] = await db.select({ queued: max(outbox.createdAt) }).from(outbox);
    const start = Math.max(ERASE_AT, last?.queued?.getTime() ?? 0) + 3_600_000;
    let idle = 0;
    for (let i = 0; i < 30 && idle < 3; i++) {
      const pass = await runOutboxOnce({ db, transports: fake.transports, now: () => new Date(start + i * 600_000) });
      idle = pass.claimed === 0 ? idle + 1 : 0;
    }
  }
  function sandboxObjects(type: "meetings" | "tickets", portalBookingId: string) {
    return bookingObjects(stack.sandbox.store, type, portalBookingId);
  }
  async function book(contactId: string, start: string, technicianId: string) {
    const outcome = await bookAppointment(
      contactId,
      { service: "depannage", start, technicianId, address: "12 rue Royale, 69001 Lyon", note: "Disjoncteur", idempotencyKey: randomUUID() },
      deps(db),
    );
    if (outcome.status !== "booked") throw new Error(`not booked: ${outcome.status}`);
    return outcome.booking;
  }

  beforeAll(async () => {
    // The demo data as of the bookings' own "now" (Monday 23 November 2026), not of today.
    stack = await startStack(() => buildSeed({ now: NOW }));
    db = stack.db.db;
    const [a, b] = stack.seed.demoCustomers;
    camille = a!;
    antoine = b!;
    registerAccountHandlers();
    registerBookingHandlers();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("future confirmed reservations are cancelled in the erasure, HubSpot follows, no message to the customer", async () => {
    // Past at erasure time (Tuesday 08:00 Paris), tomorrow 08:00 (22 h away: inside the 24 h limit), Friday.
    const past = await book(camille.contactId, "2026-11-24T07:00:00.000Z", JULIEN);
    const tomorrow = await book(camille.contactId, "2026-11-25T07:00:00.000Z", JULIEN);
    const other = await book(antoine.contactId, "2026-11-26T07:00:00.000Z", JULIEN);
    // HubSpot has these already; the Friday one is still on its way at erasure time.
    await drain();
    for (const b of [past, tomorrow, other]) expect(sandboxObjects("meetings", b.reservationId)).toHaveLength(1);
    const friday = await book(camille.contactId, "2026-11-27T13:30:00.000Z", KARIM);
    fake.emails = [];
    fake.sms = [];

    const request = await requestErasure(camille.contactId, { channel: "sms" }, { locale: "fr", now: ERASE_AT - 60_000 });
    const [codeRow] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, `account-code:${request.verificationId}`));
    const code = (openPayload((codeRow!.payload as { sealed: string }).sealed, codeRow!.id) as { data: { code: string } }).data.code;
    await confirmErasure(camille.contactId, { verificationId: request.verificationId, code }, { locale: "fr", now: ERASE_AT });

    // At once, locally: the technician's time is free, the past appointment stays as it was.
    const rows = new Map((await db.select().from(reservations)).map((r) => [r.id, r]));
    expect(rows.get(tomorrow.reservationId)).toMatchObject({ status: "cancelled", address: "—", note: null });
    expect(rows.get(tomorrow.reservationId)?.cancelledAt?.getTime()).toBe(ERASE_AT);
    expect(rows.get(friday.reservationId)?.status).toBe("cancelled");
    expect(rows.get(past.reservationId)).toMatchObject({ status: "confirmed", address: "—" });
    expect(rows.get(other.reservationId)).toMatchObject({ status: "confirmed", address: "12 rue Royale, 69001 Lyon" });
    // No booking message (nor reminder) queued for the erased customer.
    expect(await db.select().from(outbox).where(like(outbox.idempotencyKey, `booking:${tomorrow.reservationId}:%`))).toEqual([]);
    expect(await db.select().from(outbox).where(like(outbox.idempotencyKey, `booking:${friday.reservationId}:%`))).toEqual([]);
    expect(await db.select().from(outbox).where(and(eq(outbox.idempotencyKey, `booking.sync:${tomorrow.reservationId}:cancelled`), eq(outbox.status, "pending")))).toHaveLength(1);

    await drain();
    const cancelledStage = (await resolvePipeline("interventions")).stageIdByKey.cancelled;
    expect(cancelledStage).toBeTruthy();
    for (const b of [tomorrow, friday]) {
      const meetings = sandboxObjects("meetings", b.reservationId);
      expect(meetings).toHaveLength(1);
      expect(meetings[0]?.properties.hs_meeting_outcome).toBe("CANCELED");
      expect(sandboxObjects("tickets", b.bookingId)[0]?.properties.hs_pipeline_stage).toBe(cancelledStage);
    }
    expect(sandboxObjects("meetings", past.reservationId)[0]?.properties.hs_meeting_outcome).toBe("SCHEDULED");
    expect(sandboxObjects("meetings", other.reservationId)[0]?.properties.hs_meeting_outcome).toBe("SCHEDULED");
    // Only the erasure notice reached the customer; the contact was GDPR-deleted, the erasure completed.
    expect(fake.emails).toEqual([]);
    expect(fake.sms).toHaveLength(1);
    expect(fake.sms[0]?.body).toMatch(/supprim/);
    expect((await db.select().from(erasureRequests).where(eq(erasureRequests.contactId, camille.contactId)))[0]?.status).toBe("completed");
    const deletions = await stack.control("/gdpr-deletions");
    expect((deletions.body?.results as { objectId: string }[]).map((d) => d.objectId)).toContain(camille.contactId);
    expect(await db.select().from(outbox).where(and(eq(outbox.kind, "hubspot"), eq(outbox.status, "pending")))).toEqual([]);
  }, 120_000);
});
