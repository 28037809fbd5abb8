import { z } from "zod";
import { INTERVENTION_TYPES } from "@/lib/model/vocabulary";
import type { Locale } from "@/lib/i18n/config";
import { interventionTypeSchema, serviceSchema, type Service } from "@/lib/settings/schemas";

/**
 * The service catalogue, as the staff set it in the console (`services` section of lib/settings):
 * what a customer can book online, what can only be requested (a quote first), what is no longer
 * offered. Pure functions over the catalogue the caller read (`getSettings().services`); a booking
 * stores its service's `id`, so a service withdrawn later still names the bookings made with it.
 */

export { interventionTypeSchema, serviceSchema, type Service };
export type ServiceCatalogue = readonly Service[];

/** A service id as forms and actions send it (its existence is checked against the catalogue). */
export const serviceIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{1,39}$/, "Prestation inconnue");

/**
 * The service of a booking. A service deleted from the catalogue after it was booked is named by
 * its intervention type's label (the ids of the demo's services are their types), never a crash.
 */
export function getService(id: string, catalogue: ServiceCatalogue): Service {
  const service = catalogue.find((s) => s.id === id);
  if (service) return service;
  const type = INTERVENTION_TYPES.find((t) => t.value === id);
  const label = type?.label ?? "Intervention";
  return { id, type: type?.value ?? "depannage", label, description: label, en: { label: type ? label : "Service", description: label }, durationMinutes: 60, requiredSkills: [type?.value ?? "depannage"], booking: "withdrawn" };
}

/** The service a customer may book or request now, or null (unknown, withdrawn). */
export function findOfferedService(id: string, catalogue: ServiceCatalogue): Service | null {
  const service = catalogue.find((s) => s.id === id);
  return service && service.booking !== "withdrawn" ? service : null;
}

/** A service's label and description in the customer's language. */
export function serviceText(service: Pick<Service, "label" | "description" | "en">, locale: Locale): { label: string; description: string } {
  return locale === "en" ? service.en : { label: service.label, description: service.description };
}

/** The label of a booked service in the customer's language. */
export function serviceLabel(id: string, locale: Locale, catalogue: ServiceCatalogue): string {
  return serviceText(getService(id, catalogue), locale).label;
}

export function listBookableServices(catalogue: ServiceCatalogue): Service[] {
  return catalogue.filter((s) => s.booking === "online");
}

/** What the booking page lists: bookable online, then on request. */
export function listOfferedServices(catalogue: ServiceCatalogue): Service[] {
  return catalogue.filter((s) => s.booking !== "withdrawn");
}
