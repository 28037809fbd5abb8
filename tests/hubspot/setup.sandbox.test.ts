import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolvePipeline } from "@/lib/hubspot/pipelines";
import { planSetup, runHubSpotSetup, type AccountSnapshot } from "@/lib/hubspot/setup";
import { CUSTOM_PROPERTIES, PIPELINES } from "@/lib/hubspot/spec";
import { emptyState } from "@/sandbox/state";
import { startStack, type Stack } from "./support/stack";

const totalProperties = Object.values(CUSTOM_PROPERTIES).reduce((n, list) => n + list.length, 0);

describe("hubspot:setup against an account without the portal's schema", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(() => ({ state: emptyState({ withPortalSchema: false }), fileBytes: new Map(), demoCustomers: [] }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("creates every group, property and pipeline on the first run, nothing on the second", async () => {
    expect((await resolvePipeline("interventions")).pipelineId).toBeNull();
    const first = await runHubSpotSetup();
    expect(first.mismatches).toEqual([]);
    expect(first.created.filter((c) => c.startsWith("property ") && !c.startsWith("property group")).length).toBe(totalProperties);
    expect(first.created.filter((c) => c.startsWith("pipeline ")).length).toBe(3);
    expect(first.created.filter((c) => c.startsWith("property group ")).length).toBe(Object.keys(CUSTOM_PROPERTIES).length);

    const second = await runHubSpotSetup();
    expect(second).toEqual({ created: [], mismatches: [], unchanged: true });

    const { clearHubSpotCache } = await import("@/lib/hubspot/cache");
    await clearHubSpotCache();
    const interventions = await resolvePipeline("interventions");
    expect(interventions.pipelineId).not.toBeNull();
    expect(Object.keys(interventions.stageIdByKey).sort()).toEqual(PIPELINES.interventions.stages.map((s) => s.key).sort());
  });
});

describe("hubspot:setup against an account missing one stage", () => {
  let stack: Stack;
  beforeAll(async () => {
    const state = emptyState({ withPortalSchema: true });
    const pipeline = state.pipelines.find((p) => p.label === PIPELINES.interventions.label)!;
    pipeline.stages = pipeline.stages.filter((s) => s.label !== "Sur place");
    stack = await startStack(() => ({ state, fileBytes: new Map(), demoCustomers: [] }));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("adds the missing stage to the existing pipeline and then has nothing left to do", async () => {
    const first = await runHubSpotSetup();
    expect(first.created).toEqual([expect.stringContaining("Sur place")]);
    expect(await runHubSpotSetup()).toEqual({ created: [], mismatches: [], unchanged: true });
    const { clearHubSpotCache } = await import("@/lib/hubspot/cache");
    await clearHubSpotCache();
    expect((await resolvePipeline("interventions")).stageIdByKey.on_site).toMatch(/^\d+$/);
  });
});

describe("setup plan", () => {
  const complete = (): AccountSnapshot => ({
    groups: Object.fromEntries(Object.keys(CUSTOM_PROPERTIES).map((t) => [t, ["duret_portal"]])),
    properties: Object.fromEntries(Object.entries(CUSTOM_PROPERTIES).map(([t, list]) => [t, list.map((p) => ({ name: p.name, type: p.type }))])),
    pipelines: {
      tickets: [PIPELINES.interventions, PIPELINES.serviceDesk].map((p, i) => ({ id: String(i + 1), label: p.label, stages: p.stages.map((s, j) => ({ id: `${i}${j}`, label: s.label, displayOrder: j })) })),
      deals: [{ id: "9", label: PIPELINES.quotes.label, stages: PIPELINES.quotes.stages.map((s, j) => ({ id: `9${j}`, label: s.label, displayOrder: j })) }],
    },
  });

  it("plans nothing for a complete account", () => {
    expect(planSetup(complete())).toEqual({ actions: [], mismatches: [] });
  });

  it("adds only a missing stage, after the existing ones, and reports a property of another type without touching it", () => {
    const account = complete();
    account.pipelines.tickets[0]!.stages = account.pipelines.tickets[0]!.stages.filter((s) => s.label !== "Sur place");
    account.properties.contacts = account.properties.contacts!.map((p) => (p.name === "geo_lat" ? { ...p, type: "string" } : p));
    const plan = planSetup(account);
    expect(plan.actions).toEqual([expect.objectContaining({ kind: "createStage", pipelineId: "1", stage: expect.objectContaining({ key: "on_site" }), displayOrder: 7 })]);
    expect(plan.mismatches).toEqual([{ objectType: "contacts", property: "geo_lat", expected: "number", actual: "string" }]);
  });
});
