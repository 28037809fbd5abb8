import type { InterventionStageKey, ServiceDeskStageKey } from "@/lib/model/vocabulary";
import type { InterventionType, InvoiceStatus, MeetingOutcome, QuoteStatus, RequestKind } from "@/lib/model/types";
import type { Translator } from "@/lib/i18n/server";
import type { Tone } from "./ui/card";

/** Translated labels and badge tones of the domain's statuses. */
export interface Status {
  label: string;
  tone: Tone;
}

export function interventionStatus(t: Translator, stage: InterventionStageKey | null): Status {
  const tone: Tone =
    stage === "cancelled" || stage === null ? "neutral" : stage === "done" || stage === "report_available" ? "success" : stage === "requested" ? "warning" : "info";
  return { label: t(`status.intervention.${stage ?? "unknown"}`), tone };
}

export function serviceDeskStatus(t: Translator, stage: ServiceDeskStageKey | null): Status {
  const tone: Tone = stage === "closed" || stage === null ? "neutral" : stage === "waiting_customer" ? "warning" : "info";
  return { label: t(`status.serviceDesk.${stage ?? "unknown"}`), tone };
}

const QUOTE_TONES: Record<QuoteStatus, Tone> = { to_sign: "warning", signed: "success", expired: "neutral", refused: "neutral" };
export function quoteStatus(t: Translator, status: QuoteStatus): Status {
  return { label: t(`status.quote.${status}`), tone: QUOTE_TONES[status] };
}

const INVOICE_TONES: Record<InvoiceStatus, Tone> = { open: "warning", overdue: "danger", paid: "success", voided: "neutral" };
export function invoiceStatus(t: Translator, status: InvoiceStatus): Status {
  return { label: t(`status.invoice.${status}`), tone: INVOICE_TONES[status] };
}

const MEETING_TONES: Record<MeetingOutcome, Tone> = { SCHEDULED: "info", RESCHEDULED: "warning", COMPLETED: "success", NO_SHOW: "neutral", CANCELED: "neutral" };
export function meetingStatus(t: Translator, outcome: MeetingOutcome | null): Status {
  return { label: t(`status.meeting.${outcome ?? "unknown"}`), tone: outcome ? MEETING_TONES[outcome] : "info" };
}

export function interventionTypeLabel(t: Translator, type: InterventionType | null): string | null {
  return type ? t(`interventionType.${type}`) : null;
}

export function requestKindLabel(t: Translator, kind: RequestKind | null): string {
  return t(`requestKind.${kind ?? "unknown"}`);
}

export function personName(p: { firstName: string | null; lastName: string | null } | null): string | null {
  if (!p) return null;
  return [p.firstName, p.lastName].filter(Boolean).join(" ") || null;
}

/** Technicians are introduced by first name, as on the phone. */
export function technicianName(p: { firstName: string | null; lastName: string | null } | null): string | null {
  return p?.firstName ?? personName(p);
}
