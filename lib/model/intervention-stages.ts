import { INTERVENTION_STAGE_KEYS, type InterventionStageKey } from "./vocabulary";
import type { Intervention, Technician } from "./types";

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

/** The stages in the order an intervention goes through them (cancelled is off the path). */
const ORDER: readonly InterventionStageKey[] = INTERVENTION_STAGE_KEYS.filter((k) => k !== "cancelled");

/** The customer-visible progress steps, the same path ending at done ("report available" counts as done). */
export const INTERVENTION_STEPS: readonly InterventionStageKey[] = ORDER.slice(0, ORDER.indexOf("done") + 1);

/** 1-based step of a stage in INTERVENTION_STEPS ("report_available" counts as done), or null (cancelled, unknown). */
export function interventionStep(stage: InterventionStageKey | null): number | null {
  if (stage === "report_available") return INTERVENTION_STEPS.length;
  const index = stage ? INTERVENTION_STEPS.indexOf(stage) : -1;
  return index === -1 ? null : index + 1;
}

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
