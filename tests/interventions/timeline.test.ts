import { describe, expect, it } from "vitest";
import { interventionTimeline, surveyOpen } from "@/lib/model/intervention-stages";

describe("intervention timeline", () => {
  it("marks the steps before the current stage done and the rest upcoming", () => {
    expect(interventionTimeline({ stage: "en_route", start: "2026-11-24T08:00:00.000Z" })).toEqual([
      { key: "requested", state: "done" },
      { key: "scheduled", state: "done" },
      { key: "en_route", state: "current" },
      { key: "on_site", state: "upcoming" },
      { key: "done", state: "upcoming" },
      { key: "report_available", state: "upcoming" },
    ]);
  });

  it("shows a cancelled intervention as what is known, then cancelled", () => {
    expect(interventionTimeline({ stage: "cancelled", start: null }).map((s) => `${s.key}:${s.state}`)).toEqual(["requested:done", "cancelled:current"]);
    expect(interventionTimeline({ stage: "cancelled", start: "2026-11-24T08:00:00.000Z" }).map((s) => s.key)).toEqual(["requested", "scheduled", "cancelled"]);
  });

  it("leaves every step upcoming for an unknown stage", () => {
    expect(interventionTimeline({ stage: null, start: null }).every((s) => s.state === "upcoming")).toBe(true);
  });

  it("offers the survey once done and until answered", () => {
    expect(surveyOpen({ stage: "done", satisfaction: null })).toBe(true);
    expect(surveyOpen({ stage: "report_available", satisfaction: null })).toBe(true);
    expect(surveyOpen({ stage: "on_site", satisfaction: null })).toBe(false);
    expect(surveyOpen({ stage: "done", satisfaction: { overall: 5, technician: 5, punctual: true, nps: 9, comment: null } })).toBe(false);
  });
});
