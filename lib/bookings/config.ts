import { addDays } from "@/lib/time/paris";
import { companyView, type PortalSettings } from "@/lib/settings";
import { bookingRulesSchema, type BookingRules, type TechnicianAvailability } from "./availability";
import type { ServiceCatalogue } from "./catalogue";
import { techniciansFromSettings } from "./technicians";

/**
 * The booking policy in force, built from the console's settings (booking rules, closures, area):
 * the slot engine's rules, how long before the start a customer may still reschedule or cancel
 * online, and when the reminder goes out.
 */
export interface BookingPolicy {
  rules: BookingRules;
  /** Reschedule / cancel online until this many hours before the start (then: phone). */
  changeLimitHours: number;
  /** The reminder SMS goes out the day before at this Paris time ("HH:MM"). */
  reminderTime: string;
  /** The service catalogue. */
  services: ServiceCatalogue;
  /** The configured technicians (those also active in HubSpot are offered: lib/bookings/calendar.ts). */
  technicians: readonly TechnicianAvailability[];
  /** null: not configured, nothing is in the area. */
  serviceArea: PortalSettings["serviceArea"];
  /** The company's phone as printed (« appelez-nous au … »); null until the identity is entered. */
  companyPhone: string | null;
}

/** Every date of the closure periods (a period of a few weeks at most: bounded by the schema's 200 periods). */
export function closedDatesOf(periods: PortalSettings["closures"]["periods"]): string[] {
  const dates: string[] = [];
  for (const p of periods) {
    for (let d = p.from, n = 0; d <= p.to && n < 366; d = addDays(d, 1), n++) dates.push(d);
  }
  return dates;
}

export function policyFromSettings(settings: Pick<PortalSettings, "bookingRules" | "closures" | "services" | "technicians" | "serviceArea"> & Partial<Pick<PortalSettings, "company">>): BookingPolicy {
  const r = settings.bookingRules;
  return {
    rules: bookingRulesSchema.parse({
      minimumNotice: r.minimumNotice,
      horizonDays: r.horizonDays,
      travelBufferMinutes: r.travelBufferMinutes,
      averageSpeedKmh: r.averageSpeedKmh,
      dailyCapacity: r.dailyCapacity,
      slotStepMinutes: r.slotStepMinutes,
      // The area (communes, départements, radius) is checked with lib/geo before the engine runs.
      serviceRadiusKm: null,
      excludePublicHolidays: settings.closures.publicHolidays,
      closedDates: closedDatesOf(settings.closures.periods),
    }),
    changeLimitHours: r.changeLimitHours,
    reminderTime: r.reminderTime,
    services: settings.services,
    technicians: techniciansFromSettings(settings.technicians),
    serviceArea: settings.serviceArea,
    companyPhone: settings.company ? companyView(settings.company).phone.display : null,
  };
}
