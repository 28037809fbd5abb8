import "server-only";
import { and, gt, inArray, lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { reservations } from "@/lib/db/schema";
import { loadOwners } from "@/lib/hubspot/queries";
import { listTechnicianAppointments } from "@/lib/hubspot/meetings";
import type { BusyInterval, GeoPoint, TechnicianAvailability } from "./availability";
import { busyFromAppointments } from "./busy";
import type { Geocoder } from "./geocoder";
import { activeTechnicians } from "./technicians";

/**
 * Where the slot engine's inputs come from: technicians (portal configuration ∩ active HubSpot
 * owners) and busy time = their HubSpot meetings + the portal's confirmed reservations. The HubSpot
 * side is pluggable (tests, benches). Listing slots may use the cached meetings; the re-check before
 * a booking (`fresh`) never does: it throws `CalendarUnavailableError`, and the booking waits for
 * confirmation (lib/bookings/verify-booking.ts). The database's exclusion constraint guarantees
 * that no two portal reservations (confirmed or awaiting confirmation) overlap.
 */
export interface CalendarSource {
  technicians(): Promise<TechnicianAvailability[]>;
  /** Meetings of these technicians starting in [from, to); `fresh` bypasses caches (re-check before a write). */
  meetings(technicianIds: readonly string[], from: string, to: string, opts: { fresh?: boolean }): Promise<MeetingBusy[]>;
}

/**
 * The technicians' calendar could not be read fresh from HubSpot: a slot cannot be confirmed
 * (a copy may miss a meeting staff just added). The booking is then taken « en attente de
 * confirmation » and checked again by the outbox once HubSpot answers.
 */
export class CalendarUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`technicians' calendar unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "CalendarUnavailableError";
  }
}

/** A HubSpot meeting as busy time, with the portal reservation it mirrors (if any). */
export type MeetingBusy = BusyInterval & { reservationId: string | null };

export function hubspotCalendar(configured: readonly TechnicianAvailability[], geocoder: Geocoder): CalendarSource {
  return {
    async technicians() {
      try {
        const owners = await loadOwners();
        return activeTechnicians(new Set(owners.filter((o) => !o.archived).map((o) => o.id)), configured);
      } catch (error) {
        log.warn({ scope: "bookings", err: error }, "owners unavailable, using the configured technicians");
        return [...configured];
      }
    },
    async meetings(technicianIds, from, to, opts) {
      let appointments;
      try {
        appointments = await listTechnicianAppointments(technicianIds, from, to, opts);
      } catch (error) {
        // A fresh read is the re-check before a booking is confirmed: never answered from a copy.
        if (opts.fresh) throw new CalendarUnavailableError(error);
        throw error;
      }
      const locations = new Map<string, GeoPoint | null>();
      for (const a of appointments) {
        if (a.location && !locations.has(a.location)) locations.set(a.location, await geocoder.geocode(a.location));
      }
      return busyFromAppointments(appointments, (a) => (a.location ? (locations.get(a.location) ?? null) : null)).map((b) => ({
        ...b,
        // Which reservation a meeting mirrors is known from the reservations (loadBusy).
        reservationId: null,
      }));
    },
  };
}

/** Reservations of these technicians that hold their time (confirmed, or awaiting confirmation) overlapping [from, to), as busy time. */
/** Reservation statuses that hold a technician's time (the exclusion constraint's, migration 0010). */
export const HOLDING_STATUSES = ["confirmed", "pending"] as const;

export async function reservationBusy(db: Db, technicianIds: readonly string[], from: string, to: string): Promise<BusyInterval[]> {
  if (technicianIds.length === 0) return [];
  const rows = await db
    .select()
    .from(reservations)
    .where(
      and(
        inArray(reservations.status, [...HOLDING_STATUSES]),
        inArray(reservations.technicianId, [...technicianIds]),
        lt(reservations.startsAt, new Date(to)),
        gt(reservations.blockedUntil, new Date(from)),
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    technicianId: r.technicianId,
    start: r.startsAt.toISOString(),
    end: r.endsAt.toISOString(),
    location: r.locationLat !== null && r.locationLng !== null ? { lat: r.locationLat, lng: r.locationLng } : null,
    source: "reservation" as const,
  }));
}

/**
 * Busy time for the engine. A HubSpot meeting that mirrors a portal reservation is dropped: the
 * reservation row is the truth for the portal's own bookings (a cancellation frees the time at
 * once, before HubSpot has been told).
 */
export async function loadBusy(db: Db, source: CalendarSource, technicianIds: readonly string[], from: string, to: string, opts: { fresh?: boolean } = {}): Promise<BusyInterval[]> {
  const [meetings, own] = await Promise.all([source.meetings(technicianIds, from, to, opts), reservationBusy(db, technicianIds, from, to)]);
  const mirrored = meetings.map((m) => m.reservationId).filter((id): id is string => id !== null);
  const known = new Set(
    mirrored.length ? (await db.select({ id: reservations.id }).from(reservations).where(inArray(reservations.id, mirrored))).map((r) => r.id) : [],
  );
  const meetingIds = meetings.map((m) => m.id).filter((id): id is string => Boolean(id));
  const ownMeetings = new Set(
    meetingIds.length
      ? (await db.select({ id: reservations.hubspotMeetingId }).from(reservations).where(inArray(reservations.hubspotMeetingId, meetingIds))).map((r) => r.id)
      : [],
  );
  const busy: BusyInterval[] = meetings.filter((m) => !(m.reservationId && known.has(m.reservationId)) && !(m.id && ownMeetings.has(m.id))).map((m) => {
    const { reservationId, ...b } = m;
    void reservationId;
    return b;
  });
  return [...busy, ...own];
}
