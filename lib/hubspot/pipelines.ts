import "server-only";
import { sql } from "drizzle-orm";
import { currentDb, rowsOf } from "@/lib/db/current";
import { forgetTableRows, readTableRows } from "@/lib/memory-cache/row-memory";
import type { Db } from "@/lib/db/client";
import { listPipelines } from "./api";
import { CACHE_TTL, cacheTags, cached } from "./cache";
import type { HsPipeline } from "./schemas";
import { PIPELINES, type PipelineSpec } from "./spec";
import { log } from "@/lib/log";

/**
 * HubSpot generates pipeline and stage ids; the portal knows pipelines and stages by the stable
 * keys of spec.ts. The ids are recorded in PostgreSQL (`hubspot_pipeline_ids`): written by
 * `npm run hubspot:setup`, or, on a database where setup never wrote them (the demo, tests, a
 * portal whose database setup could not open), adopted ONCE by exact label and recorded. From
 * then on stages are mapped by id, so staff may rename a pipeline or a stage in HubSpot. A stage
 * missing from the record (added to spec.ts later) is adopted the same way; a recorded pipeline
 * that HubSpot no longer has (deleted) is adopted again by label, with a warning.
 */
export type PipelineKey = keyof typeof PIPELINES;
export const PIPELINE_KEYS = Object.keys(PIPELINES) as PipelineKey[];

export interface ResolvedPipeline {
  key: PipelineKey;
  /** null when the account does not have this pipeline (run `npm run hubspot:setup`). */
  pipelineId: string | null;
  stageIdByKey: Record<string, string>;
  stageKeyById: Record<string, string>;
}

/** What the record holds for one pipeline: its id and its stages' ids by stage key. */
export interface RecordedPipeline {
  pipelineId?: string;
  stages: Record<string, string>;
}

export async function loadPipelines(objectType: "tickets" | "deals"): Promise<HsPipeline[]> {
  return cached({ key: `pipelines:${objectType}`, tags: [cacheTags.pipelines], ttlSeconds: CACHE_TTL.reference }, () => listPipelines(objectType));
}

/** Pure: matches one spec pipeline against an account's pipelines by exact label (first adoption). */
export function matchPipeline(key: PipelineKey, spec: PipelineSpec, pipelines: HsPipeline[]): ResolvedPipeline {
  return resolveWithRecord(key, spec, pipelines, { stages: {} }).resolved;
}

export interface Resolution {
  resolved: ResolvedPipeline;
  /** Ids to record (adopted by label); `replace`: the recorded pipeline is gone, its rows are overwritten. */
  adopt: RecordedPipeline & { replace: boolean };
  warnings: string[];
}

/**
 * Pure: the recorded ids, checked against the account's pipelines (archived ones do not count),
 * completed by label where nothing usable is recorded.
 */
export function resolveWithRecord(key: PipelineKey, spec: PipelineSpec, pipelines: HsPipeline[], recorded: RecordedPipeline): Resolution {
  const live = pipelines.filter((p) => !p.archived);
  const warnings: string[] = [];
  const adopt: Resolution["adopt"] = { stages: {}, replace: false };
  let pipeline = recorded.pipelineId ? live.find((p) => p.id === recorded.pipelineId) : undefined;
  let stageRecord = recorded.stages;
  if (!pipeline) {
    pipeline = live.find((p) => p.label === spec.label);
    if (pipeline) {
      adopt.pipelineId = pipeline.id;
      if (recorded.pipelineId) {
        adopt.replace = true;
        stageRecord = {};
        warnings.push(`pipeline ${key}: recorded id ${recorded.pipelineId} no longer exists in HubSpot; adopted "${spec.label}" (id ${pipeline.id}) by label`);
      } else warnings.push(`pipeline ${key}: no recorded id, adopted "${spec.label}" (id ${pipeline.id}) by label and recorded it`);
    } else if (recorded.pipelineId) warnings.push(`pipeline ${key}: recorded id ${recorded.pipelineId} no longer exists in HubSpot and no pipeline is labelled "${spec.label}"`);
  }
  const stageIdByKey: Record<string, string> = {};
  const stageKeyById: Record<string, string> = {};
  if (pipeline) {
    const stages = pipeline.stages.filter((s) => !s.archived);
    const used = new Set(Object.values(stageRecord));
    for (const stage of spec.stages) {
      const recordedId = stageRecord[stage.key];
      let found = recordedId ? stages.find((s) => s.id === recordedId) : undefined;
      if (!found) {
        found = stages.find((s) => s.label === stage.label && !used.has(s.id));
        if (found) {
          adopt.stages[stage.key] = found.id;
          used.add(found.id);
          if (!adopt.pipelineId) warnings.push(`pipeline ${key}: stage ${stage.key} adopted "${stage.label}" (id ${found.id}) by label and recorded it`);
        }
      }
      if (found) {
        stageIdByKey[stage.key] = found.id;
        stageKeyById[found.id] = stage.key;
      }
    }
  }
  return { resolved: { key, pipelineId: pipeline?.id ?? null, stageIdByKey, stageKeyById }, adopt, warnings };
}

/**
 * The recorded ids of every pipeline. Read on every page that shows a status: this process keeps a
 * copy, dropped by the table's trigger whoever writes (setup, another instance, psql).
 */
export async function readRecordedPipelines(db: Db): Promise<Partial<Record<PipelineKey, RecordedPipeline>>> {
  const rows = await readTableRows(db, "hubspot_pipeline_ids", async () =>
    rowsOf<{ pipeline_key: string; stage_key: string; hubspot_id: string }>(await db.execute(sql`select pipeline_key, stage_key, hubspot_id from hubspot_pipeline_ids`)),
  );
  const out: Partial<Record<PipelineKey, RecordedPipeline>> = {};
  for (const row of rows) {
    if (!(PIPELINE_KEYS as string[]).includes(row.pipeline_key)) continue;
    const entry = (out[row.pipeline_key as PipelineKey] ??= { stages: {} });
    if (row.stage_key === "") entry.pipelineId = row.hubspot_id;
    else entry.stages[row.stage_key] = row.hubspot_id;
  }
  return out;
}

/**
 * Records ids. `replace`: overwrite what is recorded (setup, which knows the ids it created or
 * found; a pipeline re-adopted after its deletion); otherwise only fills gaps, so two instances
 * adopting at once, or an adoption racing setup, never overwrite setup's ids.
 */
export async function recordPipelineIds(db: Db, key: PipelineKey, ids: RecordedPipeline, source: "setup" | "adopted", replace: boolean): Promise<void> {
  const rows: { stageKey: string; id: string }[] = [
    ...(ids.pipelineId ? [{ stageKey: "", id: ids.pipelineId }] : []),
    ...Object.entries(ids.stages).map(([stageKey, id]) => ({ stageKey, id })),
  ];
  if (rows.length === 0) return;
  const values = sql.join(
    rows.map((r) => sql`(${key}, ${r.stageKey}, ${r.id}, ${source}, now())`),
    sql`, `,
  );
  await db.execute(
    replace
      ? sql`insert into hubspot_pipeline_ids (pipeline_key, stage_key, hubspot_id, source, recorded_at) values ${values}
            on conflict (pipeline_key, stage_key) do update set hubspot_id = excluded.hubspot_id, source = excluded.source, recorded_at = excluded.recorded_at`
      : sql`insert into hubspot_pipeline_ids (pipeline_key, stage_key, hubspot_id, source, recorded_at) values ${values}
            on conflict (pipeline_key, stage_key) do nothing`,
  );
  // The trigger tells every instance on commit; this one drops its copy at once (PostgreSQL's LISTEN lags).
  forgetTableRows("hubspot_pipeline_ids");
}

export async function resolvePipeline(key: PipelineKey): Promise<ResolvedPipeline> {
  const spec: PipelineSpec = PIPELINES[key];
  const db = await currentDb();
  const [pipelines, recorded] = await Promise.all([loadPipelines(spec.objectType), readRecordedPipelines(db)]);
  const { resolved, adopt, warnings } = resolveWithRecord(key, spec, pipelines, recorded[key] ?? { stages: {} });
  if (adopt.pipelineId || Object.keys(adopt.stages).length > 0) {
    if (adopt.replace) {
      await db.execute(sql`delete from hubspot_pipeline_ids where pipeline_key = ${key}`);
      forgetTableRows("hubspot_pipeline_ids");
    }
    // A stage whose recorded id HubSpot no longer has (deleted stage) gets the adopted id instead.
    const known = adopt.replace ? {} : (recorded[key]?.stages ?? {});
    const stale = Object.fromEntries(Object.entries(adopt.stages).filter(([stage]) => stage in known));
    const fresh = Object.fromEntries(Object.entries(adopt.stages).filter(([stage]) => !(stage in known)));
    await recordPipelineIds(db, key, { pipelineId: adopt.pipelineId, stages: fresh }, "adopted", false);
    await recordPipelineIds(db, key, { stages: stale }, "adopted", true);
  }
  for (const warning of warnings) log.warn({ scope: "hubspot" }, warning);
  return resolved;
}
