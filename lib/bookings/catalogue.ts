import { z } from "zod";
import { INTERVENTION_TYPES } from "@/lib/model/vocabulary";
import type { InterventionType } from "@/lib/model/types";
import type { Locale } from "@/lib/i18n/config";

/**
 * The service catalogue: what a customer can book online and what can only be requested (a quote
 * first). Validated with zod when loaded, so a bad edit fails at start-up, not on a booking page.
 * Skills are intervention types, as on the technicians' HubSpot teams ("Compétence : …").
 */

const interventionTypeValues = INTERVENTION_TYPES.map((t) => t.value) as [InterventionType, ...InterventionType[]];
export const interventionTypeSchema = z.enum(interventionTypeValues);

export const serviceSchema = z
  .object({
    type: interventionTypeSchema,
    /** French label shown to customers (and written to HubSpot, where the staff read French). */
    label: z.string().min(1),
    description: z.string().min(1),
    /** The same in English, for a customer who reads the portal in English. */
    en: z.object({ label: z.string().min(1), description: z.string().min(1) }).strict(),
    durationMinutes: z.number().int().min(15).max(8 * 60),
    requiredSkills: z.array(interventionTypeSchema).min(1),
    /** "online": bookable slots; "request": the customer sends a request (quote, site survey). */
    booking: z.enum(["online", "request"]),
  })
  .strict();
export type Service = z.infer<typeof serviceSchema>;

export const catalogueSchema = z
  .array(serviceSchema)
  .superRefine((services, ctx) => {
    for (const { value } of INTERVENTION_TYPES) {
      const count = services.filter((s) => s.type === value).length;
      if (count !== 1) ctx.addIssue({ code: "custom", message: `Intervention type "${value}" must appear exactly once (found ${count})` });
    }
  });
export type ServiceCatalogue = z.infer<typeof catalogueSchema>;

export function parseCatalogue(raw: unknown): ServiceCatalogue {
  return catalogueSchema.parse(raw);
}

export const SERVICE_CATALOGUE: ServiceCatalogue = parseCatalogue([
  {
    type: "depannage",
    label: "Dépannage électrique",
    description: "Panne, disjoncteur qui saute, prise ou éclairage hors service : un technicien vient rétablir le courant.",
    en: {
      label: "Electrical repair",
      description: "Power cut, tripping breaker, socket or lighting out of order: a technician comes to restore power.",
    },
    durationMinutes: 90,
    requiredSkills: ["depannage"],
    booking: "online",
  },
  {
    type: "diagnostic",
    label: "Diagnostic",
    description: "Contrôle visuel et mesures de l'installation, avec un rapport écrit.",
    en: {
      label: "Inspection",
      description: "Visual check and measurements of the installation, with a written report.",
    },
    durationMinutes: 120,
    requiredSkills: ["diagnostic"],
    booking: "online",
  },
  {
    type: "mise_aux_normes",
    label: "Mise aux normes",
    description: "Remise en conformité de l'installation (NF C 15-100) : sur devis, après une demande.",
    en: {
      label: "Bringing up to standard",
      description: "Making the installation compliant (NF C 15-100): quoted first, after a request.",
    },
    durationMinutes: 240,
    requiredSkills: ["mise_aux_normes"],
    booking: "request",
  },
  {
    type: "borne_recharge",
    label: "Borne de recharge : visite technique",
    description: "Visite préalable à l'installation d'une borne de recharge (IRVE) : tableau, puissance, cheminement du câble. Le devis suit.",
    en: {
      label: "EV charger: site survey",
      description: "Visit before installing an electric-vehicle charger: consumer unit, power, cable route. The quote follows.",
    },
    durationMinutes: 60,
    requiredSkills: ["borne_recharge"],
    booking: "online",
  },
  {
    type: "entretien",
    label: "Contrôle / entretien",
    description: "Contrôle annuel : test des différentiels, serrage des connexions, mesure de terre.",
    en: {
      label: "Check / maintenance",
      description: "Annual check: RCD tests, tightening of connections, earth measurement.",
    },
    durationMinutes: 60,
    requiredSkills: ["entretien"],
    booking: "online",
  },
]);

export function getService(type: InterventionType, catalogue: ServiceCatalogue = SERVICE_CATALOGUE): Service {
  const service = catalogue.find((s) => s.type === type);
  // The schema guarantees every type is present.
  if (!service) throw new Error(`No service for intervention type "${type}"`);
  return service;
}

/** A service's label and description in the customer's language. */
export function serviceText(service: Pick<Service, "label" | "description" | "en">, locale: Locale): { label: string; description: string } {
  return locale === "en" ? service.en : { label: service.label, description: service.description };
}

/** The label of a service type in the customer's language (bookings store the type). */
export function serviceLabel(type: InterventionType, locale: Locale): string {
  return serviceText(getService(type), locale).label;
}

export function listBookableServices(catalogue: ServiceCatalogue = SERVICE_CATALOGUE): Service[] {
  return catalogue.filter((s) => s.booking === "online");
}
