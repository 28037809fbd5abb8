import { getEnv } from "@/lib/env";
import { bookingRulesSchema, type BookingRules } from "./availability";
import { createStaticGeocoder, type Geocoder } from "./geocoder";
import { SERVICE_AREA_TOWNS } from "./towns";

/**
 * The booking policy of the portal (configuration, validated at start-up): the slot engine's rules,
 * how long before the start a customer may still reschedule or cancel online, when the reminder
 * goes out, and the geocoder (static towns of the service area; pluggable).
 */
export const BOOKING_RULES: BookingRules = bookingRulesSchema.parse({
  minimumNotice: { kind: "next_working_day" },
  horizonDays: 60,
  travelBufferMinutes: 15,
  averageSpeedKmh: 30,
  dailyCapacity: 4,
  slotStepMinutes: 30,
  serviceRadiusKm: 30,
});

export interface BookingPolicy {
  rules: BookingRules;
  /** Reschedule / cancel online until this many hours before the start (then: phone). */
  changeLimitHours: number;
  /** The reminder SMS goes out the day before at this Paris time ("HH:MM"). */
  reminderTime: string;
}

let policy: BookingPolicy | undefined;
export function bookingPolicy(): BookingPolicy {
  policy ??= { rules: BOOKING_RULES, changeLimitHours: getEnv().BOOKING_CHANGE_LIMIT_HOURS, reminderTime: "18:00" };
  return policy;
}

export const serviceAreaGeocoder: Geocoder = createStaticGeocoder(SERVICE_AREA_TOWNS);
