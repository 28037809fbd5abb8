import "server-only";
import { getFileMeta } from "@/lib/hubspot/files";
import { getIntervention, listAppointments } from "@/lib/hubspot/queries";
import type { Appointment, Intervention } from "@/lib/model/types";
import { surveyAnsweredLocally } from "@/lib/surveys";
import { interventionTimeline, surveyOpen, technicianFirstName, type TimelineStep } from "@/lib/model/intervention-stages";

/**
 * Everything the intervention page shows, for its owner only (getIntervention: NOT_FOUND for
 * another customer's ticket). JSON-safe: also served to the page's live query.
 */
export interface InterventionPhoto {
  fileId: string;
  kind: "before" | "after";
  /** 1-based position within its kind. */
  index: number;
}

export interface InterventionDetail {
  intervention: Intervention;
  technicianFirstName: string | null;
  timeline: TimelineStep[];
  appointment: Appointment | null;
  photos: InterventionPhoto[];
  report: { fileId: string; name: string; size: number | null } | null;
  survey: "open" | "answered" | "not_yet";
}

export async function getInterventionDetail(contactId: string, ticketId: string): Promise<InterventionDetail> {
  const intervention = await getIntervention(contactId, ticketId);
  const [appointments, reportMeta, answeredLocally] = await Promise.all([
    listAppointments(contactId).catch(() => [] as Appointment[]),
    intervention.reportFileId ? getFileMeta(intervention.reportFileId).catch(() => null) : Promise.resolve(null),
    surveyAnsweredLocally(ticketId, contactId),
  ]);
  const appointment = appointments.filter((a) => a.interventionId === ticketId && a.outcome !== "CANCELED").sort((a, b) => (b.start ?? "").localeCompare(a.start ?? ""))[0] ?? null;
  const photos: InterventionPhoto[] = [
    ...intervention.photosBeforeFileIds.map((fileId, i) => ({ fileId, kind: "before" as const, index: i + 1 })),
    ...intervention.photosAfterFileIds.map((fileId, i) => ({ fileId, kind: "after" as const, index: i + 1 })),
  ];
  return {
    intervention,
    technicianFirstName: technicianFirstName(intervention.technician),
    timeline: interventionTimeline(intervention),
    appointment,
    photos,
    report: intervention.reportFileId
      ? { fileId: intervention.reportFileId, name: reportMeta ? `${reportMeta.name}.${reportMeta.extension ?? "pdf"}` : `rapport-${ticketId}.pdf`, size: reportMeta?.size ?? null }
      : null,
    survey: intervention.satisfaction || answeredLocally ? "answered" : surveyOpen(intervention) ? "open" : "not_yet",
  };
}
