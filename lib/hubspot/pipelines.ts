import "server-only";
import { listPipelines } from "./api";
import { CACHE_TTL, cacheTags, cached } from "./cache";
import type { HsPipeline } from "./schemas";
import { PIPELINES, type PipelineSpec } from "./spec";

/**
 * HubSpot generates pipeline and stage ids; the portal knows pipelines and stages by the stable
 * keys of spec.ts. They are matched by exact label (pipeline label, then stage label), and the
 * account's pipelines are cached (they change rarely).
 */
export type PipelineKey = keyof typeof PIPELINES;

export interface ResolvedPipeline {
  key: PipelineKey;
  /** null when the account does not have this pipeline (run `npm run hubspot:setup`). */
  pipelineId: string | null;
  stageIdByKey: Record<string, string>;
  stageKeyById: Record<string, string>;
}

export async function loadPipelines(objectType: "tickets" | "deals"): Promise<HsPipeline[]> {
  return cached({ key: `pipelines:${objectType}`, tags: [cacheTags.pipelines], ttlSeconds: CACHE_TTL.reference }, () => listPipelines(objectType));
}

/** Pure: matches one spec pipeline against an account's pipelines. */
export function matchPipeline(key: PipelineKey, spec: PipelineSpec, pipelines: HsPipeline[]): ResolvedPipeline {
  const pipeline = pipelines.find((p) => p.label === spec.label && !p.archived);
  const stageIdByKey: Record<string, string> = {};
  const stageKeyById: Record<string, string> = {};
  if (pipeline) {
    for (const stage of spec.stages) {
      const found = pipeline.stages.find((s) => s.label === stage.label && !s.archived);
      if (found) {
        stageIdByKey[stage.key] = found.id;
        stageKeyById[found.id] = stage.key;
      }
    }
  }
  return { key, pipelineId: pipeline?.id ?? null, stageIdByKey, stageKeyById };
}

export async function resolvePipeline(key: PipelineKey): Promise<ResolvedPipeline> {
  const spec: PipelineSpec = PIPELINES[key];
  return matchPipeline(key, spec, await loadPipelines(spec.objectType));
}
