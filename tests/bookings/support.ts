import type { BusyInterval } from "@/lib/bookings/availability";
import type { CalendarSource, MeetingBusy } from "@/lib/bookings/calendar";
import type { CustomerProfile, BookingDeps } from "@/lib/bookings/store";
import { techniciansFromSettings } from "@/lib/bookings/technicians";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";

const TECHNICIAN_CONFIG = techniciansFromSettings(DEMO_SETTINGS.technicians);
import type { Db } from "@/lib/db/client";

/** Fakes for the booking core: HubSpot's side (technicians, meetings, customers) in memory. */

export const CAMILLE = "10001";
export const ANTOINE = "10002";

export const PROFILES: Record<string, CustomerProfile> = {
  [CAMILLE]: { firstName: "Camille", email: "camille.martin@example.fr", phone: "+33612345678", locale: "fr", address: "12 rue Royale, 69001 Lyon", geo: null },
  [ANTOINE]: { firstName: "Antoine", email: "antoine.girard@example.com", phone: "+33787654321", locale: "fr", address: "8 cours Gambetta, 69003 Lyon", geo: null },
};

/** Monday 23 November 2026, 09:00 in Paris: bookable from Tuesday 24. */
export const NOW = new Date("2026-11-23T08:00:00.000Z");
/** Wednesday 25 November 2026, 08:00 Paris (UTC+1). */
export const WED_8H = "2026-11-25T07:00:00.000Z";
export const JULIEN = "71234501";
export const KARIM = "71234503";

export function fakeCalendar(meetings: MeetingBusy[] = [], calls = { meetings: 0, fresh: 0 }): CalendarSource & { calls: typeof calls } {
  return {
    calls,
    async technicians() {
      return [...TECHNICIAN_CONFIG];
    },
    async meetings(ids, from, to, opts) {
      calls.meetings++;
      if (opts.fresh) calls.fresh++;
      return meetings.filter((m) => ids.includes(m.technicianId) && m.start < to && m.end > from);
    },
  };
}

export function meeting(b: Omit<BusyInterval, "location" | "source"> & { reservationId?: string }): MeetingBusy {
  return { location: null, source: "hubspot_meeting", reservationId: b.reservationId ?? null, id: b.id, technicianId: b.technicianId, start: b.start, end: b.end };
}

export function deps(db: Db, extra: Partial<BookingDeps> = {}): BookingDeps {
  return {
    db,
    now: NOW,
    calendar: fakeCalendar(),
    customer: async (id) => {
      const p = PROFILES[id];
      if (!p) throw new Error(`unknown contact ${id}`);
      return p;
    },
    ...extra,
  };
}
