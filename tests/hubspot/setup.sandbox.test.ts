import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRecordedPipelines, resolvePipeline } from "@/lib/hubspot/pipelines";
import { recordSetupIds, runHubSpotSetup, summarizeSetup } from "@/lib/hubspot/setup";
import { CUSTOM_PROPERTIES, PIPELINES } from "@/lib/hubspot/spec";
import { emptyState } from "@/sandbox/state";
import { startStack, type Stack } from "./support/stack";

const totalProperties = Object.values(CUSTOM_PROPERTIES).reduce((n, list) => n + list.length, 0);
const totalStages = Object.values(PIPELINES).reduce((n, p) => n + p.stages.length, 0);
const outcomes = (report: Awaited<ReturnType<typeof runHubSpotSetup>>, prefix: string) =>
  report.steps.filter((s) => s.subject.startsWith(prefix)).map((s) => s.outcome);

describe("hubspot:setup against an account without the portal's schema", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(() => ({ state: emptyState({ withPortalSchema: false }), fileBytes: new Map(), demoCustomers: [] }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("creates the pipelines first, then every group and property, one line each; the second run finds everything there", async () => {
    const lines: string[] = [];
    const first = await runHubSpotSetup({ log: (line) => lines.push(line) });
    expect(first.refused).toEqual([]);
    expect(first.mismatches).toEqual([]);
    expect(outcomes(first, "pipeline ")).toEqual(["created", "created", "created"]);
    expect(outcomes(first, "stage ")).toEqual(Array(totalStages).fill("created"));
    expect(outcomes(first, "property group ")).toEqual(Array(Object.keys(CUSTOM_PROPERTIES).length).fill("created"));
    expect(outcomes(first, "property ").filter((o, i) => !first.steps.filter((s) => s.subject.startsWith("property "))[i]!.subject.startsWith("property group"))).toEqual(
      Array(totalProperties).fill("created"),
    );
    // Required first: every pipeline and stage line comes before the first property line.
    const lastPipeline = Math.max(...lines.map((l, i) => (/^(pipeline|stage) /.test(l) ? i : -1)));
    expect(lastPipeline).toBeLessThan(lines.findIndex((l) => l.startsWith("property ")));
    expect(lines).toHaveLength(first.steps.length);
    expect(lines[0]).toMatch(/^pipeline interventions "Interventions": created \(id \d+\)$/);
    expect(Object.keys(first.ids).sort()).toEqual(Object.keys(PIPELINES).sort());
    expect(Object.keys(first.ids.interventions!.stages).sort()).toEqual(PIPELINES.interventions.stages.map((s) => s.key).sort());
    expect(summarizeSetup(first)[0]).toBe(`Summary: ${first.steps.length} created, 0 already there, 0 type mismatch, 0 refused, 0 failed.`);

    await recordSetupIds(stack.db.db, first.ids);
    const second = await runHubSpotSetup({ recorded: await readRecordedPipelines(stack.db.db) });
    expect(second.unchanged).toBe(true);
    expect(second.refused).toEqual([]);
    expect(new Set(second.steps.map((s) => s.outcome))).toEqual(new Set(["already there"]));
    expect(second.steps).toHaveLength(first.steps.length);
    expect(second.ids).toEqual(first.ids);

    const { clearHubSpotCache } = await import("@/lib/hubspot/cache");
    await clearHubSpotCache();
    const interventions = await resolvePipeline("interventions");
    expect(interventions.pipelineId).toBe(first.ids.interventions!.pipelineId);
    expect(interventions.stageIdByKey).toEqual(first.ids.interventions!.stages);
  });
});

describe("hubspot:setup against an account that refuses one property", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(() => ({ state: emptyState({ withPortalSchema: false }), fileBytes: new Map(), demoCustomers: [] }));
    stack.sandbox.store.strictness = { ...stack.sandbox.store.strictness, refuseProperties: ["tickets.satisfaction_nps"] };
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("records HubSpot's refusal, carries on with the pipelines and every other property, and reports itself incomplete", async () => {
    const report = await runHubSpotSetup();
    expect(report.refused).toEqual([
      { subject: "property tickets.satisfaction_nps (number)", outcome: "refused", detail: expect.stringMatching(/^HubSpot 400: Property satisfaction_nps cannot be created on tickets/) },
    ]);
    expect(outcomes(report, "pipeline ")).toEqual(["created", "created", "created"]);
    const created = report.steps.filter((s) => s.subject.startsWith("property ") && !s.subject.startsWith("property group") && s.outcome === "created");
    expect(created).toHaveLength(totalProperties - 1);
    const summary = summarizeSetup(report);
    expect(summary[0]).toMatch(/, 1 refused, 0 failed\.$/);
    expect(summary).toContain("  NOT DONE property tickets.satisfaction_nps (number): refused (HubSpot 400: Property satisfaction_nps cannot be created on tickets: this account does not allow it.)");

    // Once the account allows it, a second run creates just that one.
    stack.sandbox.store.strictness = { ...stack.sandbox.store.strictness, refuseProperties: [] };
    const again = await runHubSpotSetup();
    expect(again.steps.filter((s) => s.outcome !== "already there")).toEqual([{ subject: "property tickets.satisfaction_nps (number)", outcome: "created" }]);
  });
});

describe("hubspot:setup against an account missing one stage, with a renamed pipeline", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(() => {
      const state = emptyState({ withPortalSchema: true });
      const pipeline = state.pipelines.find((p) => p.label === PIPELINES.interventions.label)!;
      pipeline.stages = pipeline.stages.filter((s) => s.label !== "Sur place");
      return { state, fileBytes: new Map(), demoCustomers: [] };
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("adds the missing stage to the recorded pipeline, even under its new label, and then has nothing left to do", async () => {
    const before = await resolvePipeline("interventions"); // adopted by label and recorded
    expect(before.stageIdByKey.on_site).toBeUndefined();
    const pipeline = stack.sandbox.store.pipelines.find((p) => p.id === before.pipelineId)!;
    pipeline.label = "Interventions (atelier)";

    const first = await runHubSpotSetup({ recorded: await readRecordedPipelines(stack.db.db) });
    expect(first.steps.filter((s) => s.outcome !== "already there")).toEqual([
      { subject: 'stage interventions.on_site "Sur place"', outcome: "created", detail: expect.stringMatching(/^id \d+$/) },
    ]);
    expect(first.ids.interventions!.pipelineId).toBe(before.pipelineId);
    await recordSetupIds(stack.db.db, first.ids);
    expect((await runHubSpotSetup({ recorded: await readRecordedPipelines(stack.db.db) })).unchanged).toBe(true);
    const { clearHubSpotCache } = await import("@/lib/hubspot/cache");
    await clearHubSpotCache();
    expect((await resolvePipeline("interventions")).stageIdByKey.on_site).toBe(first.ids.interventions!.stages.on_site);
  });
});
