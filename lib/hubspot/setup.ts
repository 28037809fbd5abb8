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
import type { HsPipeline } from "./schemas";
import { CUSTOM_PROPERTIES, PIPELINES, PROPERTY_GROUP, type CrmObjectType, type PipelineSpec, type PropertySpec } from "./spec";

/**
 * `npm run hubspot:setup`: creates, idempotently, what the portal needs in a HubSpot account:
 * the property group and custom properties of spec.ts, and the three pipelines with their stages.
 * It never changes or deletes anything that exists: a property whose type differs is reported.
 * Planning is separated from doing so the plan can be tested without an account.
 */

export interface AccountSnapshot {
  groups: Partial<Record<CrmObjectType, string[]>>;
  properties: Partial<Record<CrmObjectType, { name: string; type: string; fieldType?: string }[]>>;
  pipelines: Record<"tickets" | "deals", HsPipeline[]>;
}

export type SetupAction =
  | { kind: "createGroup"; objectType: CrmObjectType }
  | { kind: "createProperty"; objectType: CrmObjectType; property: PropertySpec }
  | { kind: "createPipeline"; pipeline: PipelineSpec }
  | { kind: "createStage"; pipeline: PipelineSpec; pipelineId: string; stage: PipelineSpec["stages"][number]; displayOrder: number };

export interface SetupMismatch {
  objectType: CrmObjectType;
  property: string;
  expected: string;
  actual: string;
}

export interface SetupPlan {
  actions: SetupAction[];
  mismatches: SetupMismatch[];
}

const OBJECT_TYPES = Object.keys(CUSTOM_PROPERTIES) as (keyof typeof CUSTOM_PROPERTIES)[];

export function planSetup(account: AccountSnapshot): SetupPlan {
  const actions: SetupAction[] = [];
  const mismatches: SetupMismatch[] = [];
  for (const objectType of OBJECT_TYPES) {
    const existing = new Map((account.properties[objectType] ?? []).map((p) => [p.name, p]));
    const missing = CUSTOM_PROPERTIES[objectType].filter((p) => !existing.has(p.name));
    if (missing.length > 0 && !(account.groups[objectType] ?? []).includes(PROPERTY_GROUP.name)) actions.push({ kind: "createGroup", objectType });
    for (const property of CUSTOM_PROPERTIES[objectType]) {
      const found = existing.get(property.name);
      if (!found) actions.push({ kind: "createProperty", objectType, property });
      else if (found.type !== property.type) mismatches.push({ objectType, property: property.name, expected: property.type, actual: found.type });
    }
  }
  for (const pipeline of Object.values(PIPELINES) as PipelineSpec[]) {
    const found = account.pipelines[pipeline.objectType].find((p) => p.label === pipeline.label && !p.archived);
    if (!found) {
      actions.push({ kind: "createPipeline", pipeline });
      continue;
    }
    const labels = new Set(found.stages.filter((s) => !s.archived).map((s) => s.label));
    let order = Math.max(-1, ...found.stages.map((s) => s.displayOrder ?? 0));
    for (const stage of pipeline.stages) {
      if (!labels.has(stage.label)) actions.push({ kind: "createStage", pipeline, pipelineId: found.id, stage, displayOrder: ++order });
    }
  }
  return { actions, mismatches };
}

export async function readAccount(): Promise<AccountSnapshot> {
  const groups: AccountSnapshot["groups"] = {};
  const properties: AccountSnapshot["properties"] = {};
  for (const objectType of OBJECT_TYPES) {
    groups[objectType] = (await listPropertyGroups(objectType)).map((g) => g.name);
    properties[objectType] = await listProperties(objectType);
  }
  return { groups, properties, pipelines: { tickets: await listPipelines("tickets"), deals: await listPipelines("deals") } };
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

export interface SetupReport {
  created: string[];
  /** Existing properties whose type differs from spec.ts: left unchanged, to fix by hand. */
  mismatches: SetupMismatch[];
  unchanged: boolean;
}

export function describeAction(a: SetupAction): string {
  switch (a.kind) {
    case "createGroup":
      return `property group ${PROPERTY_GROUP.name} on ${a.objectType}`;
    case "createProperty":
      return `property ${a.objectType}.${a.property.name} (${a.property.type})`;
    case "createPipeline":
      return `pipeline "${a.pipeline.label}" (${a.pipeline.objectType}, ${a.pipeline.stages.length} stages)`;
    case "createStage":
      return `stage "${a.stage.label}" in pipeline "${a.pipeline.label}"`;
  }
}

export async function runHubSpotSetup(options: { log?: (line: string) => void } = {}): Promise<SetupReport> {
  const log = options.log ?? (() => {});
  const plan = planSetup(await readAccount());
  const created: string[] = [];
  for (const action of plan.actions) {
    switch (action.kind) {
      case "createGroup":
        await createPropertyGroup(action.objectType, PROPERTY_GROUP.name, PROPERTY_GROUP.label);
        break;
      case "createProperty":
        await createProperty(action.objectType, propertyInput(action.property));
        break;
      case "createPipeline":
        await createPipeline(
          action.pipeline.objectType,
          action.pipeline.label,
          0,
          action.pipeline.stages.map((s, i) => ({ label: s.label, displayOrder: i, metadata: { ...s.metadata } })),
        );
        break;
      case "createStage":
        await createPipelineStage(action.pipeline.objectType, action.pipelineId, {
          label: action.stage.label,
          displayOrder: action.displayOrder,
          metadata: { ...action.stage.metadata },
        });
        break;
    }
    const line = describeAction(action);
    created.push(line);
    log(`created ${line}`);
  }
  for (const m of plan.mismatches) log(`WARNING ${m.objectType}.${m.property} exists with type ${m.actual}, expected ${m.expected} (left unchanged)`);
  // No cache invalidation here: the script must not open the portal's database (an embedded
  // PGlite may be held by a running portal). Running portals see new pipelines within the
  // pipelines' cache TTL (1 h); a fresh install has nothing cached.
  return { created, mismatches: plan.mismatches, unchanged: created.length === 0 };
}
