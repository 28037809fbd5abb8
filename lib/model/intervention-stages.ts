import type { InterventionStageKey } from "@/lib/hubspot/spec";
import type { Intervention, Technician } from "@/lib/model/types";

/**
 * The timeline of an intervention (pure): requested → scheduled → technician en route (ETA) →
 * on site → done → report available, or cancelled. HubSpot keeps only the current stage, so steps
 * before it are "done", the current one "current", the rest "upcoming"; a cancelled intervention
 * shows what is known (requested, and scheduled when it had an appointment) then "cancelled".
 */
export type TimelineState = "done" | "current" | "upcoming";
export interface TimelineStep {
  key: InterventionStageKey;
  state: TimelineState;
}

const ORDER: InterventionStageKey[] = ["requested", "scheduled", "en_route", "on_site", "done", "report_available"];

export function interventionTimeline(intervention: Pick<Intervention, "stage" | "start">): TimelineStep[] {
  const { stage } = intervention;
  if (stage === "cancelled") {
    const before: TimelineStep[] = [{ key: "requested", state: "done" }];
    if (intervention.start) before.push({ key: "scheduled", state: "done" });
    return [...before, { key: "cancelled", state: "current" }];
  }
  const index = stage ? ORDER.indexOf(stage) : -1;
  return ORDER.map((key, i) => ({ key, state: index === -1 ? "upcoming" : i < index ? "done" : i === index ? "current" : "upcoming" }));
}

export function technicianFirstName(t: Technician | null): string | null {
  return t?.firstName?.trim() || null;
}

/** The survey is offered once the work is done and until it is answered. */
export function surveyOpen(intervention: Pick<Intervention, "stage" | "satisfaction">): boolean {
  return (intervention.stage === "done" || intervention.stage === "report_available") && intervention.satisfaction === null;
}
