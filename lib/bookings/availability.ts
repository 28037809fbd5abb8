import { z } from "zod";
import { dateSchema, geoPointSchema, interventionTypeSchema, weeklyHoursSchema, workingIntervalSchema, type GeoPoint } from "@/lib/settings/schemas";

/**
 * What the slot engine reads: technicians' calendars (in Europe/Paris wall-clock time), the
 * booking rules, and the busy intervals taken from HubSpot meetings and the portal's reservations.
 * Everything is plain data validated with zod; the engine itself does no I/O.
 */

// The shapes the console validates (lib/settings): one definition for the engine and the settings.
export { geoPointSchema, workingIntervalSchema, weeklyHoursSchema, WEEKDAYS, type GeoPoint, type WorkingInterval, type Weekday, type WeeklyHours } from "@/lib/settings/schemas";

export const technicianAvailabilitySchema = z.object({
  /** HubSpot owner id. */
  id: z.string().min(1),
  firstName: z.string(),
  /** Intervention types the technician may take. */
  skills: z.array(interventionTypeSchema),
  /** Where the day starts (used to break ties, not as a constraint: working hours include the drive). */
  home: geoPointSchema,
  weekly: weeklyHoursSchema,
  /** Whole days off (leave, training). */
  daysOff: z.array(dateSchema).default([]),
  /** Replaces the weekly hours on a date; an empty list means off that day. */
  overrides: z.array(z.object({ date: dateSchema, intervals: z.array(workingIntervalSchema) })).default([]),
});
export type TechnicianAvailability = z.infer<typeof technicianAvailabilitySchema>;
export type TechnicianAvailabilityInput = z.input<typeof technicianAvailabilitySchema>;

export const bookingRulesSchema = z.object({
  /** "next_working_day": bookable from the first business day after today (Paris); or at least N hours ahead. */
  minimumNotice: z
    .union([z.object({ kind: z.literal("next_working_day") }), z.object({ kind: z.literal("hours"), hours: z.number().min(0) })])
    .default({ kind: "next_working_day" }),
  /** Business days for the notice rule (1 = Monday … 7 = Sunday); public holidays never count. */
  businessWeekdays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
  /** Last bookable day = today (Paris) + horizonDays. */
  horizonDays: z.number().int().min(1).max(366).default(60),
  /** Minimum idle time between two jobs, on top of the drive. */
  travelBufferMinutes: z.number().int().min(0).default(15),
  /** Average urban speed for great-circle distance → drive time. */
  averageSpeedKmh: z.number().positive().default(30),
  /** Drive assumed when a job's location is unknown. */
  unknownLocationTravelMinutes: z.number().int().min(0).default(20),
  /** Maximum jobs a technician takes on one day. */
  dailyCapacity: z.number().int().min(1).default(4),
  /** Grid of offered start times, in minutes from the start of each working interval. */
  slotStepMinutes: z.number().int().min(5).max(240).default(30),
  /** A same-day job within this distance of the customer makes a slot next to it "nearby". */
  nearbyRadiusKm: z.number().min(0).default(5),
  /** …provided the technician waits at most this long between that job (plus drive and buffer) and the slot. */
  nearbyMaxIdleMinutes: z.number().int().min(0).default(60),
  /**
   * A customer farther than this from every technician's base is not served online; null: no such
   * check here (the portal checks its configured area — communes, départements, radius — with lib/geo first).
   */
  serviceRadiusKm: z.number().positive().nullable().default(30),
  excludePublicHolidays: z.boolean().default(true),
  /** Company-wide closures (e.g. the August week). */
  closedDates: z.array(dateSchema).default([]),
});
export type BookingRules = z.infer<typeof bookingRulesSchema>;
export type BookingRulesInput = z.input<typeof bookingRulesSchema>;

export const DEFAULT_BOOKING_RULES: BookingRules = bookingRulesSchema.parse({});

/** A technician's busy time: a HubSpot meeting, a portal reservation, or a blocked period. */
export const busyIntervalSchema = z
  .object({
    /** The meeting or reservation id, so a reschedule can ignore the appointment being moved. */
    id: z.string().optional(),
    technicianId: z.string().min(1),
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    /** Where the job is, when known (contact coordinates). */
    location: geoPointSchema.nullable().default(null),
    source: z.enum(["hubspot_meeting", "reservation", "blocked"]).default("hubspot_meeting"),
  })
  .refine((b) => Date.parse(b.start) < Date.parse(b.end), "start must be before end");
export type BusyInterval = z.infer<typeof busyIntervalSchema>;
export type BusyIntervalInput = z.input<typeof busyIntervalSchema>;

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle (haversine) distance in km. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const toRad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Drive time in whole minutes (rounded up) between two places; unknown place → the rule's default. */
export function travelMinutes(a: GeoPoint | null, b: GeoPoint | null, rules: Pick<BookingRules, "averageSpeedKmh" | "unknownLocationTravelMinutes">): number {
  if (!a || !b) return rules.unknownLocationTravelMinutes;
  return Math.ceil((distanceKm(a, b) / rules.averageSpeedKmh) * 60);
}

/** Within the service area: close enough to at least one technician's base. */
export function isInServiceArea(location: GeoPoint, technicians: readonly { home: GeoPoint }[], rules: Pick<BookingRules, "serviceRadiusKm">): boolean {
  const radius = rules.serviceRadiusKm;
  if (radius === null) return true;
  return technicians.some((t) => distanceKm(t.home, location) <= radius);
}
