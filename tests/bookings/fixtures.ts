import { bookingRulesSchema, busyIntervalSchema, technicianAvailabilitySchema, type BookingRules, type BookingRulesInput, type BusyInterval, type GeoPoint, type TechnicianAvailability, type TechnicianAvailabilityInput } from "@/lib/bookings/availability";
import { getService } from "@/lib/bookings/catalogue";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";
import { parisLocalToInstant } from "@/lib/time/paris";
import { TOWNS } from "@/sandbox/seed/data";

export function town(city: string): GeoPoint {
  const t = TOWNS.find((x) => x.city === city);
  if (!t) throw new Error(`unknown town ${city}`);
  return { lat: t.lat, lng: t.lng };
}

const DAY = [{ start: "08:00", end: "18:00" }];

export function tech(input: Partial<TechnicianAvailabilityInput> & { id: string }): TechnicianAvailability {
  return technicianAvailabilitySchema.parse({
    firstName: input.id,
    skills: ["depannage", "diagnostic", "entretien", "borne_recharge"],
    home: town("Villeurbanne"),
    weekly: { mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: DAY },
    ...input,
  });
}

export function rules(input: BookingRulesInput = {}): BookingRules {
  return bookingRulesSchema.parse({ travelBufferMinutes: 15, averageSpeedKmh: 30, slotStepMinutes: 30, ...input });
}

/** ISO instant of a Paris wall-clock time ("YYYY-MM-DD", "HH:MM"). */
export function paris(date: string, hhmm: string): string {
  const [h, m] = hhmm.split(":").map(Number);
  const ms = parisLocalToInstant(date, (h ?? 0) * 60 + (m ?? 0));
  if (ms === null) throw new Error(`${date} ${hhmm} does not exist in Paris`);
  return new Date(ms).toISOString();
}

export function job(technicianId: string, date: string, from: string, to: string, location: GeoPoint | null, source: "hubspot_meeting" | "reservation" | "blocked" = "hubspot_meeting"): BusyInterval {
  return busyIntervalSchema.parse({ technicianId, start: paris(date, from), end: paris(date, to), location, source });
}

export const depannage = getService("depannage", DEMO_SETTINGS.services);

export function localTimes(day: { slots: { localTime: string; start: string }[] } | undefined): string[] {
  return (day?.slots ?? []).map((s) => s.localTime).sort();
}
