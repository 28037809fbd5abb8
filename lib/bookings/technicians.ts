import { technicianAvailabilitySchema, type TechnicianAvailability, type TechnicianAvailabilityInput } from "./availability";

/**
 * Technicians' availability, the portal's configuration (HubSpot owners have no working hours or
 * skills): one entry per HubSpot owner id. Only owners listed here AND active in HubSpot are
 * offered online. Hours are Paris wall-clock times; `home` is where the technician's day starts
 * (their zone), used for the service area and to prefer the closest technician.
 *
 * Edit this file (validated with zod at start-up) to change hours, add days off or one-day
 * overrides (e.g. a Saturday morning on call).
 */
const FULL_DAY = [
  { start: "08:00", end: "12:00" },
  { start: "13:30", end: "18:00" },
];
const SHORT_FRIDAY = [
  { start: "08:00", end: "12:00" },
  { start: "13:30", end: "16:30" },
];

const CONFIG: TechnicianAvailabilityInput[] = [
  {
    id: "71234501",
    firstName: "Julien",
    skills: ["depannage", "mise_aux_normes", "diagnostic"],
    home: { lat: 45.7505, lng: 4.8275 }, // Lyon centre (69002)
    weekly: { mon: FULL_DAY, tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY, fri: SHORT_FRIDAY },
  },
  {
    id: "71234502",
    firstName: "Sophie",
    skills: ["borne_recharge", "diagnostic", "mise_aux_normes"],
    home: { lat: 45.7386, lng: 4.9127 }, // Est lyonnais (Bron)
    weekly: { mon: FULL_DAY, tue: FULL_DAY, wed: [{ start: "08:00", end: "12:00" }], thu: FULL_DAY, fri: FULL_DAY },
  },
  {
    id: "71234503",
    firstName: "Karim",
    skills: ["depannage", "entretien", "mise_aux_normes"],
    home: { lat: 45.7719, lng: 4.8902 }, // Villeurbanne et Nord
    weekly: { mon: FULL_DAY, tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY, fri: FULL_DAY },
  },
  {
    id: "71234504",
    firstName: "Thomas",
    skills: ["mise_aux_normes", "diagnostic", "depannage"],
    home: { lat: 45.7631, lng: 4.7523 }, // Ouest lyonnais (Tassin)
    weekly: { tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY, fri: FULL_DAY, sat: [{ start: "08:30", end: "12:30" }] },
  },
  {
    id: "71234505",
    firstName: "Élodie",
    skills: ["borne_recharge", "entretien", "depannage"],
    home: { lat: 45.6975, lng: 4.8856 }, // Sud lyonnais (Vénissieux)
    weekly: { mon: FULL_DAY, tue: FULL_DAY, wed: FULL_DAY, thu: FULL_DAY },
  },
];

export const TECHNICIAN_CONFIG: readonly TechnicianAvailability[] = CONFIG.map((c) => technicianAvailabilitySchema.parse(c));

/** Configured technicians that are active HubSpot owners (an owner removed in HubSpot stops being offered). */
export function activeTechnicians(activeOwnerIds: ReadonlySet<string>, config: readonly TechnicianAvailability[] = TECHNICIAN_CONFIG): TechnicianAvailability[] {
  return config.filter((t) => activeOwnerIds.has(t.id));
}
