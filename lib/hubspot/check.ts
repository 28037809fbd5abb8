import "server-only";
import { randomBytes } from "node:crypto";
import { archiveObject, createObject, deleteFile, listObjectsPage, listPipelines, listProperties, readFile, readObject, readTokenInfo, searchObjects, type SearchRequest } from "./api";
import { uploadPrivateFile } from "./conversations";
import { PIPELINE_KEYS, resolveWithRecord, type PipelineKey, type RecordedPipeline } from "./pipelines";
import { projectScopes } from "./project";
import { hubspotRefusal } from "./setup";
import { CUSTOM_PROPERTIES, PIPELINES, type CrmObjectType } from "./spec";

/**
 * `npm run hubspot:check`: verifies a connected HubSpot account end to end, as the portal will use
 * it: the token's scopes against the committed project's (hubspot/src/app/app-hsmeta.json), the
 * pipelines and custom properties setup creates, then for a test contact, ticket, meeting and
 * note: create, read back, find by search (HubSpot's search index lags behind writes: polled
 * until a deadline), archive; a test file: upload, read, delete; quotes and invoices readable.
 * Whatever it created is removed at the end, also when a step failed. The clock and the pause
 * between polls are injected (tests).
 */

export type CheckResult = "ok" | "fail" | "skipped";
export interface CheckRow {
  step: string;
  result: CheckResult;
  detail: string;
}

export interface CheckOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Longest wait for a new object to appear in search (default 60 s: HubSpot says "a few moments"). */
  searchDeadlineMs?: number;
  /** Pause between two searches (default 1 s; HubSpot allows 5 searches a second per account). */
  pollMs?: number;
  /** Recorded pipeline ids (pipelines.ts), when the script could read the portal's database. */
  recorded?: Partial<Record<PipelineKey, RecordedPipeline>>;
  /** The scopes the app must have (default: the committed HubSpot project's requiredScopes). */
  requiredScopes?: string[];
  log?: (row: CheckRow) => void;
}

export interface CheckReport {
  rows: CheckRow[];
  ok: boolean;
}

const describe = (error: unknown) => {
  const r = hubspotRefusal(error);
  return r.status ? `HubSpot ${r.status}: ${r.message}` : r.message;
};

export async function runHubSpotCheck(options: CheckOptions = {}): Promise<CheckReport> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const searchDeadlineMs = options.searchDeadlineMs ?? 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const rows: CheckRow[] = [];
  const row = (step: string, result: CheckResult, detail: string) => {
    const r = { step, result, detail };
    rows.push(r);
    options.log?.(r);
  };
  /** Runs a step; its failure is a row, never an exception. */
  const step = async <T>(name: string, run: () => Promise<{ value: T; detail: string }>): Promise<T | undefined> => {
    try {
      const { value, detail } = await run();
      row(name, "ok", detail);
      return value;
    } catch (error) {
      row(name, "fail", describe(error));
      return undefined;
    }
  };
  const fail = (message: string): never => {
    throw new Error(message);
  };

  // 1. The token's scopes.
  const required = options.requiredScopes ?? projectScopes();
  await step("token scopes", async () => {
    const info = await readTokenInfo();
    const missing = required.filter((s) => !info.scopes.includes(s));
    if (required.length === 0) return { value: true, detail: `${info.scopes.length} scopes granted; no project file to compare with` };
    if (missing.length > 0) fail(`missing ${missing.join(", ")} (granted: ${info.scopes.join(", ") || "none"})`);
    return { value: true, detail: `all ${required.length} scopes of the HubSpot project granted${info.hubId ? ` (account ${info.hubId})` : ""}` };
  });

  // 2. Pipelines and stages, then custom properties.
  const stageIds: Partial<Record<PipelineKey, Record<string, string>>> = {};
  const pipelineIds: Partial<Record<PipelineKey, string>> = {};
  for (const key of PIPELINE_KEYS) {
    const spec = PIPELINES[key];
    await step(`pipeline ${key}`, async () => {
      const { resolved } = resolveWithRecord(key, spec, await listPipelines(spec.objectType), options.recorded?.[key] ?? { stages: {} });
      if (!resolved.pipelineId) fail(`no pipeline "${spec.label}": run npm run hubspot:setup`);
      const missing = spec.stages.filter((s) => !resolved.stageIdByKey[s.key]).map((s) => `${s.key} "${s.label}"`);
      if (missing.length > 0) fail(`pipeline ${resolved.pipelineId} lacks stages ${missing.join(", ")}: run npm run hubspot:setup`);
      pipelineIds[key] = resolved.pipelineId!;
      stageIds[key] = resolved.stageIdByKey;
      return { value: true, detail: `id ${resolved.pipelineId}, ${spec.stages.length} stages` };
    });
  }
  for (const objectType of Object.keys(CUSTOM_PROPERTIES) as (keyof typeof CUSTOM_PROPERTIES)[]) {
    await step(`properties ${objectType}`, async () => {
      const existing = new Map((await listProperties(objectType)).map((p) => [p.name, p.type]));
      const problems = CUSTOM_PROPERTIES[objectType].flatMap((p) => {
        const type = existing.get(p.name);
        return type === undefined ? [`${p.name} missing`] : type !== p.type ? [`${p.name} is ${type}, expected ${p.type}`] : [];
      });
      if (problems.length > 0) fail(`${problems.join("; ")}: run npm run hubspot:setup`);
      return { value: true, detail: `${CUSTOM_PROPERTIES[objectType].length} custom properties` };
    });
  }

  // 3. Create, read, search, archive: what the portal does with each object.
  const stamp = `${now().toString(36)}${randomBytes(3).toString("hex")}`;
  const timestamp = new Date(now()).toISOString();
  const created: { type: CrmObjectType; id: string }[] = [];
  let fileId: string | undefined;
  const probes: { type: CrmObjectType; properties: () => Record<string, string> | undefined; readBack: string }[] = [
    { type: "contacts", readBack: "email", properties: () => ({ email: `hubspot-check-${stamp}@example.com`, firstname: "Vérification", lastname: `Portail ${stamp}` }) },
    {
      type: "tickets",
      readBack: "subject",
      properties: () => {
        const pipeline = pipelineIds.serviceDesk;
        const stage = stageIds.serviceDesk?.new;
        return pipeline && stage ? { subject: `Vérification du portail ${stamp}`, content: "Créé puis supprimé par npm run hubspot:check.", hs_pipeline: pipeline, hs_pipeline_stage: stage } : undefined;
      },
    },
    {
      type: "meetings",
      readBack: "hs_meeting_title",
      properties: () => ({ hs_meeting_title: `Vérification du portail ${stamp}`, hs_timestamp: timestamp, hs_meeting_start_time: timestamp, hs_meeting_end_time: new Date(now() + 3_600_000).toISOString(), hs_meeting_outcome: "SCHEDULED" }),
    },
    { type: "notes", readBack: "hs_note_body", properties: () => ({ hs_note_body: `Vérification du portail ${stamp}`, hs_timestamp: timestamp }) },
  ];
  try {
    for (const probe of probes) {
      const properties = probe.properties();
      if (!properties) {
        row(`${probe.type}: create, read, search, archive`, "skipped", "needs the « Service client » pipeline");
        continue;
      }
      const id = await step(`${probe.type}: create`, async () => {
        const obj = await createObject(probe.type, properties);
        created.push({ type: probe.type, id: obj.id });
        return { value: obj.id, detail: `id ${obj.id}` };
      });
      if (!id) continue;
      await step(`${probe.type}: read`, async () => {
        const obj = await readObject(probe.type, id, [probe.readBack]);
        if (obj.properties[probe.readBack] !== properties[probe.readBack]) fail(`${probe.readBack} reads back as ${JSON.stringify(obj.properties[probe.readBack])}`);
        return { value: true, detail: `${probe.readBack} as written` };
      });
      await step(`${probe.type}: search`, async () => {
        const started = now();
        const request = { filterGroups: [{ filters: [{ propertyName: "hs_object_id", operator: "EQ", value: id }] }], properties: [probe.readBack], limit: 1 } as unknown as SearchRequest;
        for (let tries = 1; ; tries++) {
          const { results } = await searchObjects(probe.type, request);
          if (results.some((r) => r.id === id)) return { value: true, detail: `found after ${((now() - started) / 1000).toFixed(1)} s (${tries} search${tries > 1 ? "es" : ""})` };
          if (now() - started + pollMs > searchDeadlineMs) fail(`not found by search within ${Math.round(searchDeadlineMs / 1000)} s (${tries} searches)`);
          await sleep(pollMs);
        }
      });
      await step(`${probe.type}: archive`, async () => {
        await archiveObject(probe.type, id);
        created.splice(created.findIndex((c) => c.type === probe.type && c.id === id), 1);
        return { value: true, detail: `id ${id} archived` };
      });
    }
    fileId = await step("file: upload", async () => {
      const bytes = new TextEncoder().encode(`Vérification du portail ${stamp}\n`);
      const uploaded = await uploadPrivateFile(bytes, `verification-portail-${stamp}.txt`, "/espace-client/verification");
      return { value: uploaded, detail: `id ${uploaded} (private)` };
    });
    if (fileId) {
      const id = fileId;
      await step("file: read", async () => {
        const file = await readFile(id);
        return { value: true, detail: `${file.name ?? id}` };
      });
      await step("file: delete", async () => {
        await deleteFile(id);
        fileId = undefined;
        return { value: true, detail: `id ${id} deleted` };
      });
    }
    for (const type of ["quotes", "invoices"] as const) {
      await step(`${type}: read`, async () => {
        const page = await listObjectsPage(type, 1);
        return { value: true, detail: page.length > 0 ? `readable (e.g. id ${page[0]!.id})` : "readable (none yet)" };
      });
    }
  } finally {
    // Whatever a failed step left behind.
    const leftovers = [...created.map((c) => `${c.type} ${c.id}`), ...(fileId ? [`file ${fileId}`] : [])];
    if (leftovers.length > 0) {
      const problems: string[] = [];
      for (const c of created) await archiveObject(c.type, c.id).catch((error: unknown) => problems.push(`${c.type} ${c.id}: ${describe(error)}`));
      if (fileId) await deleteFile(fileId).catch((error: unknown) => problems.push(`file ${fileId}: ${describe(error)}`));
      row("cleanup", problems.length ? "fail" : "ok", problems.length ? `left in HubSpot: ${problems.join("; ")}` : `removed ${leftovers.join(", ")}`);
    }
  }
  return { rows, ok: rows.every((r) => r.result !== "fail") };
}

/** The report as a text table: step, result, detail. */
export function formatCheckTable(rows: CheckRow[]): string[] {
  const width = Math.max(4, ...rows.map((r) => r.step.length));
  const line = (a: string, b: string, c: string) => `${a.padEnd(width)}  ${b.padEnd(7)}  ${c}`;
  return [line("step", "result", "detail"), line("-".repeat(width), "-------", "------"), ...rows.map((r) => line(r.step, r.result.toUpperCase(), r.detail))];
}
