/**
 * The portal's domain vocabulary: the kinds of intervention and request a customer can ask for,
 * and the stages an intervention, a service-desk conversation and a quote's deal go through.
 * lib/hubspot/spec.ts maps each key to what HubSpot holds (pipeline stages, enumeration options).
 */

export const INTERVENTION_TYPES = [
  { value: "depannage", label: "Dépannage électrique" },
  { value: "diagnostic", label: "Diagnostic" },
  { value: "mise_aux_normes", label: "Mise aux normes" },
  { value: "borne_recharge", label: "Installation borne de recharge" },
  { value: "entretien", label: "Contrôle / entretien" },
] as const;

export const REQUEST_KINDS = [
  { value: "quote_request", label: "Demande de devis" },
  { value: "after_sales", label: "Question après intervention" },
  { value: "special_slot", label: "Demande de créneau particulier" },
] as const;

export const INTERVENTION_STAGE_KEYS = [
  "requested",
  "scheduled",
  "en_route",
  "on_site",
  "done",
  "report_available",
  "cancelled",
] as const;
export type InterventionStageKey = (typeof INTERVENTION_STAGE_KEYS)[number];

export const SERVICE_DESK_STAGE_KEYS = ["new", "waiting_staff", "waiting_customer", "closed"] as const;
export type ServiceDeskStageKey = (typeof SERVICE_DESK_STAGE_KEYS)[number];

export const DEAL_STAGE_KEYS = ["quote_sent", "quote_signed", "work_done", "lost"] as const;
export type DealStageKey = (typeof DEAL_STAGE_KEYS)[number];

