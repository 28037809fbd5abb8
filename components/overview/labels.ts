import type { InterventionStageKey, ServiceDeskStageKey } from "@/lib/hubspot/spec";
import { INTERVENTION_TYPES, PIPELINES, REQUEST_KINDS } from "@/lib/hubspot/spec";
import type { InterventionType, InvoiceStatus, MeetingOutcome, QuoteStatus, RequestKind } from "@/lib/hubspot/types";

type Tone = "neutral" | "info" | "success" | "warning" | "danger";

const interventionStageLabels = new Map<string, string>(PIPELINES.interventions.stages.map((s) => [s.key, s.label]));
const serviceDeskStageLabels = new Map<string, string>(PIPELINES.serviceDesk.stages.map((s) => [s.key, s.label]));
const interventionTypeLabels = new Map<string, string>(INTERVENTION_TYPES.map((t) => [t.value, t.label]));
const requestKindLabels = new Map<string, string>(REQUEST_KINDS.map((k) => [k.value, k.label]));

export function interventionStage(stage: InterventionStageKey | null): { label: string; tone: Tone } {
  const label = (stage && interventionStageLabels.get(stage)) ?? "Statut inconnu";
  const tone: Tone =
    stage === "cancelled" ? "neutral" : stage === "done" || stage === "report_available" ? "success" : stage === "requested" ? "warning" : "info";
  return { label, tone };
}

export function interventionType(type: InterventionType | null): string | null {
  return type ? (interventionTypeLabels.get(type) ?? null) : null;
}

export function serviceDeskStage(stage: ServiceDeskStageKey | null): { label: string; tone: Tone } {
  const label = (stage && serviceDeskStageLabels.get(stage)) ?? "Statut inconnu";
  const tone: Tone = stage === "closed" ? "neutral" : stage === "waiting_customer" ? "warning" : "info";
  return { label, tone };
}

export function requestKind(kind: RequestKind | null): string {
  return (kind && requestKindLabels.get(kind)) ?? "Demande";
}

const QUOTE: Record<QuoteStatus, { label: string; tone: Tone }> = {
  to_sign: { label: "À signer", tone: "warning" },
  signed: { label: "Signé", tone: "success" },
  expired: { label: "Expiré", tone: "neutral" },
  refused: { label: "Refusé", tone: "neutral" },
};
export const quoteStatus = (s: QuoteStatus) => QUOTE[s];

const INVOICE: Record<InvoiceStatus, { label: string; tone: Tone }> = {
  open: { label: "À régler", tone: "warning" },
  overdue: { label: "En retard", tone: "danger" },
  paid: { label: "Payée", tone: "success" },
  voided: { label: "Annulée", tone: "neutral" },
};
export const invoiceStatus = (s: InvoiceStatus) => INVOICE[s];

const MEETING: Record<MeetingOutcome, string> = {
  SCHEDULED: "Confirmé",
  RESCHEDULED: "Reprogrammé",
  COMPLETED: "Effectué",
  NO_SHOW: "Absent",
  CANCELED: "Annulé",
};
export const meetingOutcome = (o: MeetingOutcome | null) => (o ? MEETING[o] : "Prévu");
