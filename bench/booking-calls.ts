/**
 * What one booking costs in HubSpot calls, and how long the customer waits, against the seeded
 * sandbox (loopback) and an in-memory database: slots (cold cache, then warm), the booking itself,
 * its delivery by the outbox (ticket + meeting), a reschedule and a cancel with their deliveries.
 * Run: npx tsx --conditions=react-server bench/booking-calls.ts   (or `npm run bench -- booking`)
 */
import { performance } from "node:perf_hooks";
import { randomUUID } from "node:crypto";
import { bookAppointment } from "@/lib/bookings/book-appointment";
import { cancelBooking } from "@/lib/bookings/cancel-booking";
import { listSlots } from "@/lib/bookings/list-slots";
import { rescheduleBooking } from "@/lib/bookings/reschedule-booking";
import { syncReservation } from "@/lib/bookings/sync-booking";
import { openDb } from "@/lib/db/client";
import { reservations } from "@/lib/db/schema";
import { configureHubSpotCallForTests, getHubSpotCallMetrics, resetHubSpotCallMetrics } from "@/lib/hubspot/call";
import { configureHubSpotForTests } from "@/lib/hubspot/client";
import { setDbForTests } from "@/lib/db/current";
import { buildSeed } from "@/sandbox/seed";
import { createSandbox } from "@/sandbox/server";
import { eq } from "drizzle-orm";

const TOKEN = "bench-booking-token";
const seed = await buildSeed({ now: new Date() });
const sandbox = await createSandbox({ port: 0, token: TOKEN, quiet: true, seed: () => seed });
configureHubSpotForTests({ basePath: sandbox.url, token: TOKEN });
configureHubSpotCallForTests({});
const db = await openDb({ memory: true });
setDbForTests(db.db);
const camille = seed.demoCustomers[0]!.contactId;

const rows: { step: string; ms: number; calls: number; byOperation: string }[] = [];
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  resetHubSpotCallMetrics();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const m = getHubSpotCallMetrics();
  rows.push({
    step: name,
    ms: Math.round(ms),
    calls: m.total.attempts,
    byOperation: Object.entries(m.byOperation)
      .map(([op, v]) => `${op}×${v.attempts}`)
      .join(" "),
  });
  return value;
}

const cold = await step("slots, 60 days (cold cache)", () => listSlots(camille, { service: "depannage" }));
await step("slots, 60 days (warm cache)", () => listSlots(camille, { service: "depannage" }));
const first = cold.days[2]!.slots[0]!;
const booked = await step("book (request)", () =>
  bookAppointment(camille, { service: "depannage", start: first.start, technicianId: first.technicianId, address: cold.address!, idempotencyKey: randomUUID() }),
);
if (booked.status !== "booked") throw new Error("bench: slot taken");
await step("book (outbox delivery: ticket + meeting)", () => syncReservation(booked.booking.reservationId, { db: db.db }));
const later = cold.days[4]!.slots[0]!;
const moved = await step("reschedule (request)", () =>
  rescheduleBooking(camille, { bookingId: booked.booking.bookingId, start: later.start, technicianId: later.technicianId, idempotencyKey: randomUUID() }),
);
if (moved.status !== "booked") throw new Error("bench: reschedule refused");
await step("reschedule (outbox delivery)", async () => {
  await syncReservation(booked.booking.reservationId, { db: db.db });
  await syncReservation(moved.booking.reservationId, { db: db.db });
});
await step("cancel (request)", () => cancelBooking(camille, { bookingId: booked.booking.bookingId }));
await step("cancel (outbox delivery)", () => syncReservation(moved.booking.reservationId, { db: db.db }));
const all = await db.db.select().from(reservations).where(eq(reservations.bookingId, booked.booking.bookingId));

console.log("\nBooking: HubSpot calls and time (loopback sandbox, in-memory PGlite)");
console.table(rows);
console.log(`reservations in the booking: ${all.length}; statuses: ${all.map((r) => r.status).join(", ")}`);
await sandbox.close();
await db.close();
process.exit(0);
