import type { Appointment } from "@/lib/model/types";
import type { BusyInterval, GeoPoint } from "./availability";

/**
 * HubSpot meetings (domain `Appointment`s) → the engine's busy intervals. Cancelled and
 * rescheduled meetings free their time; meetings without a technician or times are skipped
 * (nobody's calendar to block). `locationOf` supplies coordinates, e.g. from the contact's
 * geo_lat/geo_lng or a geocoded address.
 */
export function busyFromAppointments(
  appointments: readonly Appointment[],
  locationOf: (appointment: Appointment) => GeoPoint | null = () => null,
): BusyInterval[] {
  const busy: BusyInterval[] = [];
  for (const a of appointments) {
    if (a.outcome === "CANCELED" || a.outcome === "RESCHEDULED") continue;
    if (!a.technician || !a.start || !a.end || Date.parse(a.start) >= Date.parse(a.end)) continue;
    busy.push({ id: a.id, technicianId: a.technician.id, start: a.start, end: a.end, location: locationOf(a), source: a.bookingId ? "reservation" : "hubspot_meeting" });
  }
  return busy;
}
