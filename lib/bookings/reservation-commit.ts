import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { asDb } from "@/lib/db/current";
import { forgetContactRows } from "@/lib/memory-cache/row-memory";
import { reservations } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { addDays, parisDateOf } from "@/lib/time/paris";
import type { GeoPoint } from "./availability";
import { CalendarUnavailableError } from "./calendar";
import type { Service } from "./catalogue";
import { computeListing, type SlotListing } from "./list-slots";
import { addressRefusal, placeAddress } from "./place-address";
import { earliestBookableInstant } from "./slots";
import {
  bookingError,
  EXCLUSION_VIOLATION,
  isRetryableConflict,
  MESSAGES,
  pgCode,
  toBookingView,
  UNIQUE_VIOLATION,
  withConflictRetry,
  type BookingView,
  type Reservation,
  type ResolvedDeps,
} from "./store";
import { log } from "@/lib/log";

/** What booking and rescheduling share: the request checks, the fresh re-check of the slot, and the commit. */

export type BookingOutcome =
  | { status: "booked"; booking: BookingView }
  | { status: "slot_taken"; message: string; listing: SlotListing };

/** Request checks shared by booking and rescheduling; throws a French AppError. */
export async function checkRequest(
  d: ResolvedDeps,
  service: Service,
  startIso: string,
  address: string,
  fallback: GeoPoint | null,
  typed = false,
): Promise<{ start: Date; end: Date; location: GeoPoint }> {
  const { rules } = d.policy;
  if (service.booking !== "online") throw bookingError("VALIDATION", MESSAGES.requestOnly);
  const start = new Date(startIso);
  if (Number.isNaN(start.getTime())) throw bookingError("VALIDATION", "Choisissez un créneau.");
  if (start.getTime() <= d.now.getTime()) throw bookingError("VALIDATION", MESSAGES.past);
  if (start.getTime() < earliestBookableInstant(d.now, rules)) throw bookingError("VALIDATION", MESSAGES.tooSoon);
  if (parisDateOf(start.getTime()) > addDays(parisDateOf(d.now.getTime()), rules.horizonDays)) throw bookingError("VALIDATION", MESSAGES.beyondHorizon(rules.horizonDays));
  // France's communes and the area in force; the point is the BAN's, else the commune's centre.
  const placed = await placeAddress(d, address, { typed, fallback });
  if (!placed.inside) throw addressRefusal(placed.message, typed);
  return { start, end: new Date(start.getTime() + service.durationMinutes * 60_000), location: placed.location };
}

/** Is this exact start still offered for this technician, on a fresh read of that day? */
export async function stillOffered(
  d: ResolvedDeps,
  input: { service: Service; location: GeoPoint; address: string; start: Date; technicianId: string; ignoreBusyIds?: string[] },
): Promise<boolean> {
  return offeredOn(d, input, true);
}

async function offeredOn(
  d: ResolvedDeps,
  input: { service: Service; location: GeoPoint; address: string; start: Date; technicianId: string; ignoreBusyIds?: string[] },
  fresh: boolean,
): Promise<boolean> {
  const day = parisDateOf(input.start.getTime());
  const listing = await computeListing(d, { service: input.service, location: input.location, address: input.address, from: day, to: day, ignoreBusyIds: input.ignoreBusyIds, fresh, technicianIds: [input.technicianId] });
  const iso = input.start.toISOString();
  return listing.days.some((x) => x.slots.some((s) => s.start === iso && s.technicianId === input.technicianId));
}

/**
 * The slot against the technician's calendar: "offered" on a fresh read; "taken" if a fresh read,
 * or (HubSpot unreachable) the last known calendar and the portal's own reservations, show it
 * busy; "unverified" when HubSpot cannot be read and nothing known takes it — the booking is then
 * taken « en attente de confirmation » and confirmed by the outbox once HubSpot answers.
 */
export async function checkSlot(
  d: ResolvedDeps,
  input: { service: Service; location: GeoPoint; address: string; start: Date; technicianId: string; ignoreBusyIds?: string[] },
): Promise<"offered" | "taken" | "unverified"> {
  try {
    return (await offeredOn(d, input, true)) ? "offered" : "taken";
  } catch (error) {
    if (!(error instanceof CalendarUnavailableError)) throw error;
    log.warn({ scope: "bookings", err: error }, "calendar unavailable, the booking waits for confirmation");
  }
  // The last known meetings (cache) when there are any; the portal's reservations always.
  const lastKnown: ResolvedDeps = {
    ...d,
    calendar: { technicians: () => d.calendar.technicians(), meetings: (ids, from, to) => d.calendar.meetings(ids, from, to, {}).catch(() => []) },
  };
  return (await offeredOn(lastKnown, input, false)) ? "unverified" : "taken";
}

/** Fresh slots for the "ce créneau vient d'être réservé" answer (from the day of the missed slot). */
export async function freshListing(d: ResolvedDeps, service: Service, location: GeoPoint, address: string, near: Date, ignoreBusyIds?: string[]): Promise<SlotListing> {
  const from = parisDateOf(Math.max(near.getTime(), d.now.getTime()));
  return computeListing(d, { service, location, address, from, ignoreBusyIds });
}


/**
 * The idempotent tail shared by booking and rescheduling.
 * 1. `replay`: the same idempotency key again (double click, retried request) returns the first result;
 * 2. `commit`: the write runs in a transaction (retried when PostgreSQL breaks a deadlock); the
 *    exclusion constraint refuses a reservation that overlaps one another request (or instance)
 *    committed meanwhile, and the customer gets "ce créneau vient d'être réservé" with fresh slots;
 *    a unique-key violation is the same request committed concurrently, answered by its replay.
 */
export async function replayReservation(d: ResolvedDeps, idempotencyKey: string, owns: (row: Reservation) => boolean): Promise<BookingOutcome | null> {
  const [existing] = await d.db.select().from(reservations).where(eq(reservations.idempotencyKey, idempotencyKey));
  if (!existing) return null;
  if (!owns(existing)) throw new AppError("CONFLICT", "idempotency key reused by another contact or booking");
  return { status: "booked", booking: toBookingView(existing, d.policy, d.now) };
}

export async function commitReservation(
  d: ResolvedDeps,
  input: { contactId: string; replay: () => Promise<BookingOutcome | null>; taken: () => Promise<BookingOutcome>; write: (tx: Db) => Promise<Reservation> },
): Promise<BookingOutcome> {
  try {
    const row = await withConflictRetry(() => d.db.transaction((tx) => input.write(asDb(tx))));
    // The lists show it on this instance's next view (the others drop their copy on the trigger's notification).
    forgetContactRows(input.contactId);
    return { status: "booked", booking: toBookingView(row, d.policy, d.now) };
  } catch (error) {
    const code = pgCode(error);
    // A deadlock that persisted through the retries: another booking holds the time (the fresh list says).
    if (code === EXCLUSION_VIOLATION || isRetryableConflict(error)) return input.taken();
    if (code === UNIQUE_VIOLATION) {
      const replayed = await input.replay();
      if (replayed) return replayed;
    }
    throw error;
  }
}

/** The columns every new reservation sets the same way (booking or rescheduling); confirmed unless said. */
export function confirmedReservation(
  d: ResolvedDeps,
  r: { status?: "confirmed" | "pending"; id: string; bookingId: string; contactId: string; technicianId: string; serviceType: string; start: Date; end: Date; address: string; location: GeoPoint; note: string | null; locale: string; idempotencyKey: string; rescheduledFrom?: string },
): typeof reservations.$inferInsert {
  return {
    id: r.id,
    bookingId: r.bookingId,
    contactId: r.contactId,
    technicianId: r.technicianId,
    serviceType: r.serviceType,
    startsAt: r.start,
    endsAt: r.end,
    blockedUntil: new Date(r.end.getTime() + d.policy.rules.travelBufferMinutes * 60_000),
    address: r.address,
    locationLat: r.location.lat,
    locationLng: r.location.lng,
    note: r.note,
    locale: r.locale,
    status: r.status ?? "confirmed",
    idempotencyKey: r.idempotencyKey,
    ...(r.rescheduledFrom ? { rescheduledFrom: r.rescheduledFrom } : {}),
    createdAt: d.now,
    updatedAt: d.now,
  };
}
