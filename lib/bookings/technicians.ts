import type { TechnicianSettings } from "@/lib/settings/schemas";
import { technicianAvailabilitySchema, type TechnicianAvailability } from "./availability";

/**
 * Technicians as the slot engine reads them, from the console's `technicians` section (HubSpot
 * owners with their hours, skills, days off and home base). Only those listed there AND active in
 * HubSpot are offered online: an owner removed in HubSpot stops being offered.
 */
export function techniciansFromSettings(list: readonly TechnicianSettings[]): TechnicianAvailability[] {
  return list.map((t) =>
    technicianAvailabilitySchema.parse({
      id: t.ownerId,
      firstName: t.firstName,
      skills: t.skills,
      home: { lat: t.home.lat, lng: t.home.lng },
      weekly: t.weekly,
      daysOff: t.daysOff,
      overrides: t.overrides,
    }),
  );
}

/** Configured technicians that are active HubSpot owners. */
export function activeTechnicians(activeOwnerIds: ReadonlySet<string>, config: readonly TechnicianAvailability[]): TechnicianAvailability[] {
  return config.filter((t) => activeOwnerIds.has(t.id));
}
