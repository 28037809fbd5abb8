import "server-only";
import {
  createPipeline,
  createPipelineStage,
  createProperty,
  createPropertyGroup,
  listPipelines,
  listProperties,
  listPropertyGroups,
  type PropertyCreateInput,
} from "./api";
import type { Db } from "@/lib/db/client";
import { PIPELINE_KEYS, recordPipelineIds, resolveWithRecord, type PipelineKey, type RecordedPipeline } from "./pipelines";
import type { HsPipeline } from "./schemas";
import { CUSTOM_PROPERTIES, PIPELINES, PROPERTY_GROUP, type CrmObjectType, type PipelineSpec, type PropertySpec } from "./spec";

/**
 * `npm run hubspot:setup`: creates, idempotently, what the portal needs in a HubSpot account, the
 * required first: the three pipelines and their stages (the portal cannot place a ticket or a
 * deal without them), then the property group and custom properties of spec.ts. It never changes
 * or deletes anything that exists (a property of another type is reported), and it carries on
 * past a step HubSpot refuses (a 4xx on one pipeline, group or property: missing scope, plan
 * without ticket pipelines, a property HubSpot does not allow), so one refusal never hides what
 * else is missing. Every step is one line; the report says whether anything was refused.
 *
 * Pipelines are found by their recorded ids first (`recorded`, read from the portal's database
 * when the script can open it), then by label; the ids it finds or creates are returned, for the
 * script to record (lib/hubspot/pipelines.ts).
 */

export type StepOutcome = "created" | "already there" | "type mismatch" | "refused" | "failed";

export interface SetupStep {
  /** e.g. `pipeline interventions "Interventions"`, `stage interventions.on_site "Sur place"`, `property tickets.eta (datetime)` */
  subject: string;
  outcome: StepOutcome;
  /** The HubSpot id, HubSpot's message for a refusal, or the types of a mismatch. */
  detail?: string;
}

export interface SetupMismatch {
  objectType: CrmObjectType;
  property: string;
  expected: string;
  actual: string;
}

export interface SetupReport {
  steps: SetupStep[];
  mismatches: SetupMismatch[];
  /** Steps HubSpot refused (4xx) or that failed otherwise (5xx, network): setup is incomplete. */
  refused: SetupStep[];
  /** The ids of the pipelines and stages found or created, to record. */
  ids: Partial<Record<PipelineKey, RecordedPipeline>>;
  /** Nothing was created. */
  unchanged: boolean;
}

/** HubSpot's status and message, from the error of a hubspotCall (the SDK's ApiException is its cause). */
export function hubspotRefusal(error: unknown): { status?: number; message: string } {
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "number" && code >= 100 && code < 600) {
      const body = (e as { body?: unknown }).body;
      const parsed = typeof body === "string" ? safeJson(body) : body;
      const message = (parsed as { message?: unknown } | null)?.message;
      return { status: code, message: typeof message === "string" && message ? message : `HTTP ${code}` };
    }
    e = (e as { cause?: unknown }).cause;
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function propertyInput(p: PropertySpec): PropertyCreateInput {
  return {
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    groupName: PROPERTY_GROUP.name,
    description: p.description ?? (p.sage ? "Synchronisé depuis Sage (lecture seule pour le portail)." : undefined),
    options: p.options?.map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: false })),
  };
}

export function formatStep(step: SetupStep): string {
  return `${step.subject}: ${step.outcome}${step.detail ? ` (${step.detail})` : ""}`;
}

export async function runHubSpotSetup(
  options: { log?: (line: string) => void; recorded?: Partial<Record<PipelineKey, RecordedPipeline>> } = {},
): Promise<SetupReport> {
  const log = options.log ?? (() => {});
  const steps: SetupStep[] = [];
  const mismatches: SetupMismatch[] = [];
  const ids: SetupReport["ids"] = {};
  const step = (s: SetupStep) => {
    steps.push(s);
    log(formatStep(s));
  };
  /** Runs one HubSpot write; a refusal becomes its step's outcome instead of stopping setup. */
  const attempt = async <T>(subject: string, run: () => Promise<T>, detail: (result: T) => string | undefined): Promise<T | undefined> => {
    try {
      const result = await run();
      step({ subject, outcome: "created", detail: detail(result) });
      return result;
    } catch (error) {
      const refusal = hubspotRefusal(error);
      const refused = refusal.status !== undefined && refusal.status >= 400 && refusal.status < 500;
      step({ subject, outcome: refused ? "refused" : "failed", detail: refusal.status ? `HubSpot ${refusal.status}: ${refusal.message}` : refusal.message });
      return undefined;
    }
  };

  // 1. Pipelines and stages: what the portal cannot work without.
  const listed = new Map<"tickets" | "deals", HsPipeline[] | null>();
  for (const key of PIPELINE_KEYS) {
    const spec: PipelineSpec = PIPELINES[key];
    const subject = `pipeline ${key} "${spec.label}"`;
    if (!listed.has(spec.objectType)) {
      try {
        listed.set(spec.objectType, await listPipelines(spec.objectType));
      } catch (error) {
        const refusal = hubspotRefusal(error);
        step({ subject: `read ${spec.objectType} pipelines`, outcome: refusal.status && refusal.status < 500 ? "refused" : "failed", detail: `${refusal.status ? `HubSpot ${refusal.status}: ` : ""}${refusal.message}` });
        listed.set(spec.objectType, null);
      }
    }
    const pipelines = listed.get(spec.objectType);
    if (!pipelines) continue;
    const { resolved } = resolveWithRecord(key, spec, pipelines, options.recorded?.[key] ?? { stages: {} });
    if (!resolved.pipelineId) {
      const created = await attempt(
        subject,
        () => createPipeline(spec.objectType, spec.label, 0, spec.stages.map((s, i) => ({ label: s.label, displayOrder: i, metadata: { ...s.metadata } }))),
        (p) => `id ${p.id}`,
      );
      if (!created) continue;
      pipelines.push(created);
      const again = resolveWithRecord(key, spec, [created], { stages: {} }).resolved;
      for (const stage of spec.stages) {
        const id = again.stageIdByKey[stage.key];
        step(id ? { subject: `stage ${key}.${stage.key} "${stage.label}"`, outcome: "created", detail: `id ${id}` } : { subject: `stage ${key}.${stage.key} "${stage.label}"`, outcome: "failed", detail: "missing from HubSpot's answer" });
      }
      ids[key] = { pipelineId: created.id, stages: again.stageIdByKey };
      continue;
    }
    step({ subject, outcome: "already there", detail: `id ${resolved.pipelineId}` });
    const pipeline = pipelines.find((p) => p.id === resolved.pipelineId)!;
    let order = Math.max(-1, ...pipeline.stages.map((s) => s.displayOrder ?? 0));
    const stageIds: Record<string, string> = { ...resolved.stageIdByKey };
    for (const stage of spec.stages) {
      const stageSubject = `stage ${key}.${stage.key} "${stage.label}"`;
      const id = resolved.stageIdByKey[stage.key];
      if (id) {
        step({ subject: stageSubject, outcome: "already there", detail: `id ${id}` });
        continue;
      }
      const created = await attempt(
        stageSubject,
        () => createPipelineStage(spec.objectType, pipeline.id, { label: stage.label, displayOrder: ++order, metadata: { ...stage.metadata } }),
        (s) => `id ${s.id}`,
      );
      if (created) stageIds[stage.key] = created.id;
    }
    ids[key] = { pipelineId: pipeline.id, stages: stageIds };
  }

  // 2. The property group and custom properties, object type by object type.
  for (const objectType of Object.keys(CUSTOM_PROPERTIES) as (keyof typeof CUSTOM_PROPERTIES)[]) {
    let groups: string[];
    let existing: Map<string, { name: string; type: string }>;
    try {
      groups = (await listPropertyGroups(objectType)).map((g) => g.name);
      existing = new Map((await listProperties(objectType)).map((p) => [p.name, p]));
    } catch (error) {
      const refusal = hubspotRefusal(error);
      step({ subject: `read ${objectType} properties`, outcome: refusal.status && refusal.status < 500 ? "refused" : "failed", detail: `${refusal.status ? `HubSpot ${refusal.status}: ` : ""}${refusal.message}` });
      continue;
    }
    const groupSubject = `property group ${objectType}.${PROPERTY_GROUP.name}`;
    if (groups.includes(PROPERTY_GROUP.name)) step({ subject: groupSubject, outcome: "already there" });
    else await attempt(groupSubject, () => createPropertyGroup(objectType, PROPERTY_GROUP.name, PROPERTY_GROUP.label), () => undefined);
    for (const property of CUSTOM_PROPERTIES[objectType]) {
      const subject = `property ${objectType}.${property.name} (${property.type})`;
      const found = existing.get(property.name);
      if (!found) await attempt(subject, () => createProperty(objectType, propertyInput(property)), () => undefined);
      else if (found.type === property.type) step({ subject, outcome: "already there" });
      else {
        mismatches.push({ objectType, property: property.name, expected: property.type, actual: found.type });
        step({ subject, outcome: "type mismatch", detail: `HubSpot has ${found.type}; left unchanged, fix by hand` });
      }
    }
  }
  // No cache invalidation here: running portals see new pipelines within the pipelines' cache
  // TTL (1 h); a fresh install has nothing cached.
  return {
    steps,
    mismatches,
    refused: steps.filter((s) => s.outcome === "refused" || s.outcome === "failed"),
    ids,
    unchanged: !steps.some((s) => s.outcome === "created"),
  };
}

/** The closing lines of the script: counts per outcome and what to do next. */
export function summarizeSetup(report: SetupReport): string[] {
  const count = (o: StepOutcome) => report.steps.filter((s) => s.outcome === o).length;
  const lines = [
    `Summary: ${count("created")} created, ${count("already there")} already there, ${count("type mismatch")} type mismatch, ${count("refused")} refused, ${count("failed")} failed.`,
  ];
  for (const s of report.refused) lines.push(`  NOT DONE ${formatStep(s)}`);
  if (report.refused.length > 0) lines.push("Setup is incomplete: fix the app's scopes or the account (see README, « Going live ») and run it again.");
  if (report.mismatches.length > 0) lines.push("Properties of another type are left unchanged: fix them by hand in HubSpot.");
  return lines;
}

/** Records the ids setup found or created: they replace what was recorded (setup knows best). */
export async function recordSetupIds(db: Db, ids: SetupReport["ids"]): Promise<void> {
  for (const key of PIPELINE_KEYS) {
    const entry = ids[key];
    if (entry) await recordPipelineIds(db, key, entry, "setup", true);
  }
}
