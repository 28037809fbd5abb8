import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { clearHubSpotCache } from "@/lib/hubspot/cache";
import { readRecordedPipelines, resolvePipeline, resolveWithRecord } from "@/lib/hubspot/pipelines";
import { listInterventions } from "@/lib/hubspot/queries";
import type { HsPipeline } from "@/lib/hubspot/schemas";
import { PIPELINES } from "@/lib/hubspot/spec";
import { log } from "@/lib/log";
import { fixtureSeed } from "../sandbox/fixtures";
import { startStack, type Stack } from "./support/stack";

describe("pipeline and stage ids: recorded once, then stages are mapped by id", () => {
  let stack: Stack;
  let contactId: string;
  beforeAll(async () => {
    stack = await startStack(fixtureSeed);
    contactId = stack.seed.state.objects.contacts[0]!.id;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it("a stage or pipeline renamed in HubSpot after the first read still maps: the ticket stays « Planifiée »", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    expect((await listInterventions(contactId)).map((i) => i.stage)).toEqual(["scheduled"]);
    // A database where setup never ran: the ids were adopted by label, recorded, and said so.
    const recorded = await readRecordedPipelines(stack.db.db);
    expect(Object.keys(recorded.interventions!.stages).sort()).toEqual(PIPELINES.interventions.stages.map((s) => s.key).sort());
    expect(warn.mock.calls.map((c) => String(c[1]))).toContainEqual(expect.stringMatching(/pipeline interventions: no recorded id, adopted "Interventions" \(id \d+\) by label/));
    warn.mockClear();

    // Staff rename every stage and the pipeline itself in HubSpot.
    const pipeline = stack.sandbox.store.pipelines.find((p) => p.id === recorded.interventions!.pipelineId)!;
    pipeline.label = "Chantiers et dépannages";
    for (const stage of pipeline.stages) stage.label = `${stage.label} (renommée)`;
    await clearHubSpotCache(); // a webhook or the TTL: the portal reads the new labels

    expect((await listInterventions(contactId)).map((i) => i.stage)).toEqual(["scheduled"]);
    const resolved = await resolvePipeline("interventions");
    expect(resolved.pipelineId).toBe(recorded.interventions!.pipelineId);
    expect(resolved.stageIdByKey).toEqual(recorded.interventions!.stages);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it("a recorded stage HubSpot no longer has is adopted again by label, and the new id is recorded", async () => {
    const warn = vi.spyOn(log, "warn").mockImplementation(() => {});
    const before = await readRecordedPipelines(stack.db.db);
    const pipeline = stack.sandbox.store.pipelines.find((p) => p.id === before.interventions!.pipelineId)!;
    const old = pipeline.stages.find((s) => s.id === before.interventions!.stages.cancelled)!;
    old.archived = true;
    pipeline.stages.push({ ...old, id: "77001", label: "Annulée", archived: false });
    await clearHubSpotCache();

    expect((await resolvePipeline("interventions")).stageIdByKey.cancelled).toBe("77001");
    expect((await readRecordedPipelines(stack.db.db)).interventions!.stages.cancelled).toBe("77001");
    expect(warn.mock.calls.map((c) => String(c[1]))).toEqual([expect.stringContaining("stage cancelled adopted \"Annulée\" (id 77001)")]);
    warn.mockClear();
    await resolvePipeline("interventions");
    expect(warn).not.toHaveBeenCalled(); // recorded: no adoption the second time
    warn.mockRestore();
  });
});

describe("resolveWithRecord", () => {
  const spec = PIPELINES.serviceDesk;
  const account = (label: string, stageLabel = (l: string) => l): HsPipeline[] => [
    { id: "10", label, stages: spec.stages.map((s, i) => ({ id: `10${i}`, label: stageLabel(s.label), displayOrder: i })) },
  ];
  const recorded = { pipelineId: "10", stages: Object.fromEntries(spec.stages.map((s, i) => [s.key, `10${i}`])) };

  it("maps recorded ids whatever the labels, adopting nothing", () => {
    const r = resolveWithRecord("serviceDesk", spec, account("Support", (l) => l.toUpperCase()), recorded);
    expect(r.resolved.pipelineId).toBe("10");
    expect(r.resolved.stageKeyById["103"]).toBe("closed");
    expect(r.adopt).toEqual({ stages: {}, replace: false });
    expect(r.warnings).toEqual([]);
  });

  it("adopts a stage missing from the record by its label, never a stage already recorded for another key", () => {
    const partial = { pipelineId: "10", stages: { ...recorded.stages } };
    delete (partial.stages as Record<string, string>).closed;
    const r = resolveWithRecord("serviceDesk", spec, account("Support"), partial);
    expect(r.adopt.stages).toEqual({ closed: "103" });
    const taken = { pipelineId: "10", stages: { ...partial.stages, new: "103" } };
    const s = resolveWithRecord("serviceDesk", spec, account("Support"), taken);
    expect(s.adopt.stages).toEqual({});
    expect(s.resolved.stageIdByKey.closed).toBeUndefined();
  });

  it("a recorded pipeline HubSpot no longer has is adopted again by label, its old stage ids dropped", () => {
    const r = resolveWithRecord("serviceDesk", spec, account(spec.label), { pipelineId: "99", stages: { new: "990" } });
    expect(r.resolved.pipelineId).toBe("10");
    expect(r.adopt.replace).toBe(true);
    expect(r.adopt.stages.new).toBe("100");
    expect(r.warnings[0]).toMatch(/recorded id 99 no longer exists/);
  });
});
