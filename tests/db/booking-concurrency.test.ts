import { randomUUID } from "node:crypto";
import { bookingObjects, customerNotes } from "../support/hubspot-objects";
import { and, eq, max, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookAppointment, type BookingOutcome } from "@/lib/bookings/book-appointment";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { rescheduleBooking } from "@/lib/bookings/reschedule-booking";
import { registerBookingHandlers, syncReservation } from "@/lib/bookings/sync-booking";
import type { DbHandle } from "@/lib/db/client";
import { outbox, portalUploads, reservations } from "@/lib/db/schema";
import { storeUpload } from "@/lib/uploads/store-upload";
import { getHubSpotCallMetrics, resetHubSpotCallMetrics } from "@/lib/hubspot/call";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { buildSeed } from "@/sandbox/seed";
import { FakeTransports } from "@/tests/outbox/support";
import { secondHandle } from "@/tests/hubspot/support/second-handle";
import { startStack, type Stack } from "@/tests/hubspot/support/stack";
import { deps, JULIEN, KARIM, NOW, WED_8H } from "@/tests/bookings/support";

/**
 * Two portal instances (two connection pools on the PostgreSQL server under `npm run test:pg`;
 * one shared PGlite handle otherwise) and 200 simultaneous attempts at the same technician's
 * slot: exactly one booking, 199 friendly refusals. Then the outbox, run by both instances at
 * once against the seeded HubSpot sandbox, creates one meeting and one ticket, whatever the
 * redeliveries; reschedule and cancel move them.
 *
 * On the shared PostgreSQL server (other test files, other processes, max_connections 100) the
 * race must not depend on getting new connections mid-race: the two instances have bounded pools
 * (RACE_POOL connections each), opened before the attempts start (retrying while the server is
 * momentarily full), and every handle is closed even when a test fails.
 */
const RACE_POOL = 5;
let stack: Stack;
let one: DbHandle;
let two: DbHandle;
/** The two racing instances (separate bounded pools on PostgreSQL; the same PGlite otherwise). */
let raceA: DbHandle;
let raceB: DbHandle;
let camille: string;
let antoine: string;

/** Opens `RACE_POOL` connections now (a full server answers 53300: wait and retry), so the race needs none. */
async function warm(h: DbHandle): Promise<void> {
  if (h.kind !== "postgres") return;
  for (let attempt = 1; ; attempt++) {
    try {
      await Promise.all(Array.from({ length: RACE_POOL }, () => h.db.execute(sql`select pg_sleep(0.05)`)));
      return;
    } catch (error) {
      if (attempt >= 20 || !/too many clients|53300|remaining connection slots/i.test(String((error as { cause?: unknown }).cause ?? error))) throw error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

beforeAll(async () => {
  // The demo data as of the bookings' own "now" (Monday 23 November 2026), not of today.
  stack = await startStack(() => buildSeed({ now: NOW }));
  one = stack.db;
  const second = await secondHandle(one, { poolMax: RACE_POOL });
  two = second.handle;
  // On the PostgreSQL server the two "instances" really have separate pools.
  if (process.env.TEST_DATABASE_URL) expect(second.separate).toBe(true);
  raceA = (await secondHandle(one, { poolMax: RACE_POOL })).handle;
  raceB = two;
  [camille, antoine] = stack.seed.demoCustomers.map((c) => c.contactId) as [string, string];
  registerBookingHandlers();
}, 120_000);
afterAll(async () => {
  // Pools first (the stack drops the database WITH (FORCE)); one failure does not leak the others.
  await Promise.allSettled([raceA?.close(), two?.close()]);
  await stack?.close();
});

/** Read straight from the sandbox's store (HubSpot's search is rate-limited to 5 requests/s). */
async function searchSandbox(type: "meetings" | "tickets", bookingId: string): Promise<{ id: string; properties: Record<string, string | null | undefined> }[]> {
  return bookingObjects(stack.sandbox.store, type, bookingId);
}

/**
 * The outbox worker's clock: `after` the bookings' "now", or after the last row was queued when
 * that is later (rows are queued due at the database's own time of the insert), so the passes
 * find them due whatever today's date is.
 */
async function workerNow(after: number): Promise<Date> {
  const [last] = await one.db.select({ queued: max(outbox.createdAt) }).from(outbox);
  return new Date(Math.max(NOW.getTime(), last?.queued?.getTime() ?? 0) + after);
}

async function drainOutbox(): Promise<void> {
  const transports = new FakeTransports();
  for (let i = 0; i < 20; i++) {
    const at = await workerNow(86_400_000);
    const passes = await Promise.all([one, two].map((h) => runOutboxOnce({ db: h.db, transports: transports.transports, now: () => at })));
    if (passes.every((p) => p.claimed === 0)) return;
  }
}

describe("200 concurrent attempts at one slot from two instances", () => {
  let winner: Extract<BookingOutcome, { status: "booked" }>;

  it("books exactly once; everyone else gets the friendly message and fresh slots", async () => {
    await Promise.all([warm(raceA), warm(raceB)]);
    const attempts = Array.from({ length: 200 }, (_, i) =>
      bookAppointment(
        i % 2 ? camille : antoine,
        { service: "depannage", start: WED_8H, technicianId: JULIEN, address: i % 2 ? "12 rue Royale, 69001 Lyon" : "8 cours Gambetta, 69003 Lyon", idempotencyKey: randomUUID() },
        deps(i % 2 ? raceA.db : raceB.db),
      ),
    );
    const outcomes = await Promise.all(attempts);
    const booked = outcomes.filter((o): o is Extract<BookingOutcome, { status: "booked" }> => o.status === "booked");
    const refused = outcomes.filter((o) => o.status === "slot_taken");
    expect(booked).toHaveLength(1);
    expect(refused).toHaveLength(199);
    for (const r of refused) if (r.status === "slot_taken") expect(r.message).toBe("Ce créneau vient d'être réservé. Voici les créneaux encore disponibles.");
    const rows = await one.db.select().from(reservations).where(eq(reservations.status, "confirmed"));
    expect(rows).toHaveLength(1);
    winner = booked[0]!;
    expect(rows[0]?.id).toBe(winner.booking.reservationId);
  }, 120_000);

  it("the outbox on both instances creates one meeting and one ticket in HubSpot, even when redelivered", async () => {
    resetHubSpotCallMetrics();
    await drainOutbox();
    const calls = getHubSpotCallMetrics();
    const b = winner.booking;
    const meetings = await searchSandbox("meetings", b.reservationId);
    const tickets = await searchSandbox("tickets", b.bookingId);
    expect(meetings).toHaveLength(1);
    expect(tickets).toHaveLength(1);
    expect(meetings[0]?.properties).toMatchObject({ hs_meeting_outcome: "SCHEDULED", hubspot_owner_id: JULIEN });
    // A redelivery (lost acknowledgement) and a concurrent duplicate create nothing new.
    await Promise.all([syncReservation(b.reservationId, { db: one.db }), syncReservation(b.reservationId, { db: two.db })].map((p) => p.catch(() => null)));
    expect(await searchSandbox("meetings", b.reservationId)).toHaveLength(1);
    expect(await searchSandbox("tickets", b.bookingId)).toHaveLength(1);
    const [row] = await one.db.select().from(reservations).where(eq(reservations.id, b.reservationId));
    expect(row?.hubspotSyncedAt).not.toBeNull();
    expect(row?.hubspotMeetingId).toBe(meetings[0]?.id);
    console.info(`[bench] HubSpot calls for one booking's delivery: ${JSON.stringify(calls)}`);
  });

  it("HubSpot down: the booking holds, shows 'en cours de transmission', and is delivered once HubSpot is back", async () => {
    // The calendar and customer come from the fakes: only the outbox talks to the (failing) sandbox.
    await stack.control("/faults", { mode: "error5xx" });
    const outcome = await bookAppointment(
      camille,
      { service: "depannage", start: "2026-11-30T13:30:00.000Z", technicianId: JULIEN, address: "12 rue Royale, 69001 Lyon", idempotencyKey: randomUUID() },
      deps(one.db),
    );
    expect(outcome.status).toBe("booked");
    if (outcome.status !== "booked") return;
    const transports = new FakeTransports();
    const at = await workerNow(3_600_000);
    await runOutboxOnce({ db: one.db, transports: transports.transports, now: () => at });
    const [sync] = await one.db.select().from(outbox).where(eq(outbox.idempotencyKey, `booking.sync:${outcome.booking.reservationId}:confirmed`));
    expect(sync?.status).toBe("pending");
    expect(sync?.lastError).toBeTruthy();
    expect(await searchSandbox("meetings", outcome.booking.reservationId)).toHaveLength(0);
    // The customer was told anyway (email and SMS do not depend on HubSpot).
    expect(transports.emails.some((m) => m.subject.startsWith("Votre rendez-vous est confirmé"))).toBe(true);
    const [row] = await one.db.select().from(reservations).where(eq(reservations.id, outcome.booking.reservationId));
    expect(row?.status).toBe("confirmed");
    expect(row?.hubspotSyncedAt).toBeNull();

    await stack.control("/faults", { mode: "none" });
    await drainOutbox();
    expect(await searchSandbox("meetings", outcome.booking.reservationId)).toHaveLength(1);
    const [synced] = await one.db.select().from(reservations).where(eq(reservations.id, outcome.booking.reservationId));
    expect(synced?.hubspotSyncedAt).not.toBeNull();
  });

  it("photos of the problem reach HubSpot Files and a note on the ticket, once", async () => {
    const photo = { bytes: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), mimeType: "image/png" as const, extension: "png" as const, fileName: "disjoncteur.png", width: 1, height: 1 };
    const upload = await storeUpload(camille, "booking", photo, one.db);
    const outcome = await bookAppointment(
      camille,
      { service: "depannage", start: "2026-11-27T07:00:00.000Z", technicianId: JULIEN, address: "12 rue Royale, 69001 Lyon", note: "Tableau au sous-sol", uploadIds: [upload.id], idempotencyKey: randomUUID() },
      deps(one.db),
    );
    expect(outcome.status).toBe("booked");
    if (outcome.status !== "booked") return;
    await drainOutbox();
    await syncReservation(outcome.booking.reservationId, { db: two.db });
    const ticket = (await searchSandbox("tickets", outcome.booking.bookingId))[0]!;
    const notes = customerNotes(stack.sandbox.store, "Photos du problème jointes à la réservation en ligne.\nTableau au sous-sol");
    expect(notes).toHaveLength(1);
    const fileIds = (notes[0]!.properties.hs_attachment_ids ?? "").split(";").filter(Boolean);
    expect(fileIds).toHaveLength(1);
    expect(stack.sandbox.store.associations("notes", notes[0]!.id, "tickets").map((a) => a.toId)).toContain(ticket.id);
    const [row] = await one.db.select().from(portalUploads).where(eq(portalUploads.id, upload.id));
    expect(row?.hubspotFileId).toBe(fileIds[0]);
    expect(row?.bytes).toBeNull();
  });

  it("reschedule then cancel: old meeting RESCHEDULED, new meeting, ticket moved then cancelled", async () => {
    const b = winner.booking;
    const contact = (await one.db.select().from(reservations).where(eq(reservations.id, b.reservationId)))[0]!.contactId;
    const moved = await rescheduleBooking(contact, { bookingId: b.bookingId, start: "2026-11-26T13:30:00.000Z", technicianId: KARIM, idempotencyKey: randomUUID() }, deps(two.db));
    expect(moved.status).toBe("booked");
    if (moved.status !== "booked") return;
    await drainOutbox();
    expect((await searchSandbox("meetings", b.reservationId))[0]?.properties.hs_meeting_outcome).toBe("RESCHEDULED");
    const newMeeting = await searchSandbox("meetings", moved.booking.reservationId);
    expect(newMeeting).toHaveLength(1);
    expect(newMeeting[0]?.properties).toMatchObject({ hs_meeting_outcome: "SCHEDULED", hubspot_owner_id: KARIM });
    const ticket = (await searchSandbox("tickets", b.bookingId))[0]!;
    expect(ticket.properties.hubspot_owner_id).toBe(KARIM);
    expect(Date.parse(ticket.properties.intervention_start ?? "")).toBe(Date.parse("2026-11-26T13:30:00.000Z"));
    const scheduledStage = ticket.properties.hs_pipeline_stage;

    await cancelBooking(contact, { bookingId: b.bookingId }, deps(one.db));
    await drainOutbox();
    expect((await searchSandbox("meetings", moved.booking.reservationId))[0]?.properties.hs_meeting_outcome).toBe("CANCELED");
    const cancelled = (await searchSandbox("tickets", b.bookingId))[0]!;
    expect(cancelled.properties.hs_pipeline_stage).not.toBe(scheduledStage);
    const pending = await one.db.select().from(outbox).where(and(eq(outbox.kind, "hubspot"), eq(outbox.status, "pending")));
    expect(pending).toHaveLength(0);
  });
});
