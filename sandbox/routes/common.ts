import type { CrmObjectType } from "@/lib/hubspot/spec";
import type { SandboxObject } from "@/sandbox/types";
import { validation } from "@/sandbox/errors";
import { wireValue } from "@/sandbox/strict";
import type { RequestContext } from "@/sandbox/http/router";
import { associationKey, associationTypeName, DEFAULT_PROPERTIES, resolveObjectType, type SandboxStore } from "@/sandbox/store";

/** HubSpot rejects unknown object types with this 400 (not a 404). */
export function objectTypeParam(name: string | undefined): CrmObjectType {
  const t = name === undefined ? undefined : resolveObjectType(name);
  if (!t) throw validation(`Unable to infer object type from: ${name}`);
  return t;
}

/** Query list parameters may be repeated and/or comma-separated. */
export function queryList(q: URLSearchParams, name: string): string[] | undefined {
  const all = q.getAll(name);
  if (all.length === 0) return undefined;
  return all
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}
export const boolParam = (q: URLSearchParams, name: string): boolean => q.get(name)?.toLowerCase() === "true";

export function intParam(q: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw validation(`Invalid value for ${name}: ${raw}`);
  return Math.min(n, max);
}

export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw validation("Invalid input: expected a JSON object");
  return body as Record<string, unknown>;
}

/** Properties always returned next to the requested ones (HubSpot adds its timestamps and id). */
const ALWAYS: Record<CrmObjectType, string[]> = {
  contacts: ["createdate", "hs_object_id", "lastmodifieddate"],
  tickets: ["createdate", "hs_lastmodifieddate", "hs_object_id"],
  deals: ["createdate", "hs_lastmodifieddate", "hs_object_id"],
  line_items: ["createdate", "hs_lastmodifieddate", "hs_object_id"],
  quotes: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
  notes: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
  meetings: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
  invoices: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
};

export interface SerializeOptions {
  /** Requested properties; undefined = HubSpot's default set; "all" = everything stored. */
  properties?: string[] | "all";
  associations?: string[];
}

/** The wire shape of a CRM object: `{id, properties, createdAt, updatedAt, archived[, archivedAt, associations]}`. */
export function serializeObject(store: SandboxStore, type: CrmObjectType, obj: SandboxObject, opts: SerializeOptions = {}): Record<string, unknown> {
  let properties: Record<string, string | null>;
  if (opts.properties === "all") properties = { ...obj.properties };
  else {
    const names = new Set([...(opts.properties ?? DEFAULT_PROPERTIES[type]), ...ALWAYS[type]]);
    properties = {};
    for (const name of [...names].sort()) {
      const value = obj.properties[name];
      // Unknown properties are silently left out; known but empty ones come back as null.
      if (value !== undefined) properties[name] = value;
      else if (store.propertyDef(type, name)) properties[name] = null;
    }
  }
  // HubSpot sends every value as a string (or null); sandbox/strict.ts can switch that off.
  const strict = store.strictness;
  const wire = Object.fromEntries(
    Object.entries(properties).map(([name, value]) => [name, wireValue(value, strict.stringValues ? undefined : store.propertyDef(type, name)?.type, strict)]),
  );
  const out: Record<string, unknown> = { id: obj.id, properties: wire, createdAt: obj.createdAt, updatedAt: obj.updatedAt, archived: obj.archived };
  if (obj.archivedAt) out.archivedAt = obj.archivedAt;
  if (opts.associations?.length) {
    const assoc: Record<string, { results: { id: string; type: string }[] }> = {};
    for (const name of opts.associations) {
      const toType = resolveObjectType(name);
      if (!toType) continue;
      const results = store
        .associations(type, obj.id, toType)
        .flatMap(({ toId, typeIds }) => typeIds.map((typeId) => ({ id: toId, type: associationTypeName(type, toType, typeId) })));
      if (results.length) assoc[associationKey(toType)] = { results };
    }
    if (Object.keys(assoc).length) out.associations = assoc;
  }
  return out;
}

export function batchEnvelope(startedAt: string, results: unknown[], errors: unknown[] = []): { status: number; body: Record<string, unknown> } {
  const body: Record<string, unknown> = { status: "COMPLETE", results, startedAt, completedAt: new Date().toISOString() };
  if (errors.length) {
    body.numErrors = errors.length;
    body.errors = errors;
  }
  return { status: errors.length ? 207 : 200, body };
}

export function batchInputs(body: unknown, max = 100): unknown[] {
  const b = bodyObject(body);
  if (!Array.isArray(b.inputs)) throw validation("Invalid input JSON: inputs must be an array", [{ message: "inputs must be an array", in: "inputs" }]);
  if (b.inputs.length > max)
    throw validation(`Batch input size of ${b.inputs.length} exceeds maximum of ${max}`, [{ message: `size must be between 0 and ${max}`, in: "inputs", code: "INVALID_SIZE" }]);
  return b.inputs as unknown[];
}

export const nextLink = (ctx: RequestContext, after: string) => {
  const q = new URLSearchParams(ctx.query);
  q.set("after", after);
  return `${ctx.baseUrl}${ctx.path}?${q.toString()}`;
};
