import { describe, expect, it } from "vitest";
import { buildSeed } from "@/sandbox/seed";
import { isWorkingDay, liveAnchorAfter, liveAnchorBefore } from "@/sandbox/seed/working-hours";
import { pipelineIdByKey, stageKeyById } from "@/sandbox/state";
import type { SandboxObject } from "@/sandbox/types";

/** Demo data falls in working hours (8:00–18:00 Paris, working days) whatever time the demo starts. */
const paris = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
function local(ms: number): { date: string; minutes: number } {
  const parts = Object.fromEntries(paris.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}
function inWorkingHours(ms: number, isEnd = false): boolean {
  const { date, minutes } = local(ms);
  return isWorkingDay(date) && minutes >= 8 * 60 && (isEnd ? minutes <= 18 * 60 : minutes < 18 * 60);
}

// Fake « now » values, Paris time: a Tuesday at 03:00, a Sunday afternoon, a Friday evening, a
// Monday before opening, Christmas morning (a public holiday), and an ordinary working morning.
const NOWS = {
  "Tuesday 03:00": "2026-03-10T02:00:00Z",
  "Sunday 14:00": "2026-03-15T13:00:00Z",
  "Friday 19:30": "2026-03-13T18:30:00Z",
  "Monday 07:10": "2026-03-09T06:10:00Z",
  "Christmas 10:00": "2026-12-25T09:00:00Z",
  "Tuesday 10:30": "2026-03-10T09:30:00Z",
};

describe("live anchors", () => {
  it("keep now during the working day, else move to the last working afternoon or the next working morning", () => {
    const now = Date.parse(NOWS["Tuesday 10:30"]);
    expect(liveAnchorBefore(now)).toBe(now);
    expect(liveAnchorAfter(now)).toBe(now);
    expect(local(liveAnchorBefore(Date.parse(NOWS["Tuesday 03:00"])))).toEqual({ date: "2026-03-09", minutes: 15 * 60 + 30 });
    expect(local(liveAnchorAfter(Date.parse(NOWS["Tuesday 03:00"])))).toEqual({ date: "2026-03-10", minutes: 8 * 60 + 45 });
    expect(local(liveAnchorBefore(Date.parse(NOWS["Sunday 14:00"])))).toEqual({ date: "2026-03-13", minutes: 15 * 60 + 30 });
    expect(local(liveAnchorAfter(Date.parse(NOWS["Sunday 14:00"])))).toEqual({ date: "2026-03-16", minutes: 8 * 60 + 45 });
    expect(local(liveAnchorAfter(Date.parse(NOWS["Christmas 10:00"])))).toEqual({ date: "2026-12-28", minutes: 8 * 60 + 45 });
  });
});

describe("demo seed at any hour", () => {
  for (const [name, at] of Object.entries(NOWS)) {
    it(`started ${name}: every appointment and arrival time is in working hours, live visits coherent with now`, async () => {
      const now = Date.parse(at);
      const { state } = await buildSeed({ now: new Date(at) });
      const p = (o: SandboxObject, k: string) => o.properties[k] ?? undefined;
      for (const m of state.objects.meetings) {
        const start = Date.parse(p(m, "hs_meeting_start_time")!);
        const end = Date.parse(p(m, "hs_meeting_end_time")!);
        expect(inWorkingHours(start), `meeting ${p(m, "hs_meeting_title")} starts ${new Date(start).toISOString()}`).toBe(true);
        expect(inWorkingHours(end, true), `meeting ${p(m, "hs_meeting_title")} ends ${new Date(end).toISOString()}`).toBe(true);
      }
      const interventions = state.objects.tickets.filter((t) => p(t, "hs_pipeline") === pipelineIdByKey(state, "interventions"));
      const stage = (t: SandboxObject) => stageKeyById(state, "interventions", p(t, "hs_pipeline_stage") ?? "");
      const enRoute = interventions.filter((t) => stage(t) === "en_route");
      const onSite = interventions.filter((t) => stage(t) === "on_site");
      expect(enRoute.length).toBeGreaterThan(0);
      expect(onSite.length).toBeGreaterThan(0);
      for (const t of enRoute) {
        const eta = Date.parse(p(t, "eta")!);
        expect(inWorkingHours(eta), `ETA ${new Date(eta).toISOString()}`).toBe(true);
        expect(eta).toBeGreaterThan(now);
      }
      for (const t of onSite) expect(Date.parse(p(t, "intervention_start")!)).toBeLessThan(now);
      for (const t of interventions) {
        const start = p(t, "intervention_start");
        if (start) expect(inWorkingHours(Date.parse(start)), `${stage(t)} starts ${start}`).toBe(true);
      }
    });
  }
});
