import { OBJECT_TYPE_IDS, type CrmObjectType } from "@/lib/hubspot/spec";
import { notFound, validation } from "@/sandbox/errors";
import type { HandlerResult, RequestContext, Router } from "@/sandbox/http/router";
import { ASSOCIATION_TYPE_INFO, defaultAssociationType, type SandboxStore } from "@/sandbox/store";
import { batchEnvelope, batchInputs, bodyObject, intParam, nextLink, objectTypeParam } from "@/sandbox/routes/common";

/** HubSpot-defined default associations carry no label; only labelled types do. */
const spec = (typeId: number) => ({ category: "HUBSPOT_DEFINED", typeId, label: null });

function requireObject(store: SandboxStore, type: CrmObjectType, id: string) {
  if (!store.getObject(type, id)) throw notFound(`${type.replace(/s$/, "").toUpperCase()} ${id} was not found`);
}

/** Checks `[{associationCategory, associationTypeId}]` against the types valid between two object types. */
function typeIdsFrom(input: unknown, from: CrmObjectType, to: CrmObjectType): number[] {
  if (!Array.isArray(input) || input.length === 0) throw validation("Invalid input: expected [{associationCategory, associationTypeId}]");
  return input.map((t: unknown) => {
    const r = (t ?? {}) as { associationCategory?: unknown; associationTypeId?: unknown };
    const id = Number(r.associationTypeId);
    const info = ASSOCIATION_TYPE_INFO.get(id);
    if (!info || info.from !== from || info.to !== to)
      throw validation(`${String(r.associationTypeId)} is not a valid association type between ${from} and ${to}`, [
        { message: `invalid association type id ${String(r.associationTypeId)}`, code: "INVALID_ASSOCIATION_TYPE" },
      ]);
    if (r.associationCategory !== undefined && !["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED"].includes(String(r.associationCategory)))
      throw validation(`Invalid associationCategory: ${String(r.associationCategory)}`);
    return id;
  });
}

const pairResult = (from: CrmObjectType, fromId: string, to: CrmObjectType, toId: string) => ({
  fromObjectTypeId: OBJECT_TYPE_IDS[from],
  fromObjectId: Number(fromId),
  toObjectTypeId: OBJECT_TYPE_IDS[to],
  toObjectId: Number(toId),
  // HubSpot-defined default associations carry no label; only user-labelled types do.
  labels: [] as string[],
});

function defaultType(from: CrmObjectType, to: CrmObjectType): number {
  const id = defaultAssociationType(from, to);
  if (id === undefined) throw validation(`No default association type exists between ${from} and ${to}`);
  return id;
}

/** Associations v4 (and the dated `/crm/associations/{version}` and `/crm/objects/{version}` paths). */
export function registerAssociationRoutes(router: Router, store: SandboxStore): void {
  const objectBases = ["/crm/v4/objects/:objectType/:objectId/associations", "/crm/objects/:apiVersion/:objectType/:objectId/associations"];
  for (const base of objectBases) {
    router.get(`${base}/:toObjectType`, (ctx) => getPage(store, ctx));
    router.put(`${base}/:toObjectType/:toObjectId`, async (ctx) => {
      const from = objectTypeParam(ctx.params.objectType);
      const to = objectTypeParam(ctx.params.toObjectType);
      const typeIds = typeIdsFrom(await ctx.readJson(), from, to);
      requireObject(store, from, ctx.params.objectId!);
      requireObject(store, to, ctx.params.toObjectId!);
      for (const t of typeIds) store.link(from, ctx.params.objectId!, to, ctx.params.toObjectId!, t);
      return { status: 201, body: pairResult(from, ctx.params.objectId!, to, ctx.params.toObjectId!) };
    });
    router.put(`${base}/default/:toObjectType/:toObjectId`, (ctx) => {
      const from = objectTypeParam(ctx.params.objectType);
      const to = objectTypeParam(ctx.params.toObjectType);
      requireObject(store, from, ctx.params.objectId!);
      requireObject(store, to, ctx.params.toObjectId!);
      const startedAt = new Date().toISOString();
      return { status: 200, body: batchEnvelope(startedAt, linkDefault(store, from, ctx.params.objectId!, to, ctx.params.toObjectId!)).body };
    });
    router.delete(`${base}/:toObjectType/:toObjectId`, (ctx) => {
      const from = objectTypeParam(ctx.params.objectType);
      const to = objectTypeParam(ctx.params.toObjectType);
      store.unlink(from, ctx.params.objectId!, to, ctx.params.toObjectId!);
      return { status: 204 };
    });
  }
  for (const base of ["/crm/v4/associations/:fromObjectType/:toObjectType", "/crm/associations/:apiVersion/:fromObjectType/:toObjectType"]) {
    router.post(`${base}/batch/read`, async (ctx) => batchRead(store, ctx));
    router.post(`${base}/batch/create`, async (ctx) => {
      const { from, to } = pair(ctx);
      const startedAt = new Date().toISOString();
      const inputs = batchInputs(await ctx.readJson(), 2000).map((i) => {
        const r = bodyObject(i);
        const fromId = idField(r.from);
        const toId = idField(r.to);
        return { fromId, toId, typeIds: typeIdsFrom(r.types, from, to) };
      });
      const results: unknown[] = [];
      const errors: unknown[] = [];
      for (const { fromId, toId, typeIds } of inputs) {
        if (!store.getObject(from, fromId) || !store.getObject(to, toId)) {
          errors.push({ status: "error", category: "VALIDATION_ERROR", message: `One or more objects were not found: ${from} ${fromId}, ${to} ${toId}`, context: { fromObjectId: [fromId], toObjectId: [toId] } });
          continue;
        }
        for (const t of typeIds) store.link(from, fromId, to, toId, t);
        results.push(pairResult(from, fromId, to, toId));
      }
      const env = batchEnvelope(startedAt, results, errors);
      return { status: errors.length ? 207 : 201, body: env.body };
    });
    router.post(`${base}/batch/associate/default`, async (ctx) => {
      const { from, to } = pair(ctx);
      const startedAt = new Date().toISOString();
      const results: unknown[] = [];
      for (const i of batchInputs(await ctx.readJson(), 2000)) {
        const r = bodyObject(i);
        const fromId = idField(r.from);
        const toId = idField(r.to);
        requireObject(store, from, fromId);
        requireObject(store, to, toId);
        results.push(...linkDefault(store, from, fromId, to, toId));
      }
      return { status: 200, body: batchEnvelope(startedAt, results).body };
    });
    router.post(`${base}/batch/archive`, async (ctx) => {
      const { from, to } = pair(ctx);
      for (const i of batchInputs(await ctx.readJson(), 2000)) {
        const r = bodyObject(i);
        const fromId = idField(r.from);
        const targets = Array.isArray(r.to) ? r.to : [];
        for (const t of targets) store.unlink(from, fromId, to, idField(t));
      }
      return { status: 204 };
    });
    router.post(`${base}/batch/labels/archive`, async (ctx) => {
      const { from, to } = pair(ctx);
      for (const i of batchInputs(await ctx.readJson(), 2000)) {
        const r = bodyObject(i);
        const typeIds = typeIdsFrom(r.types, from, to);
        for (const t of typeIds) store.unlink(from, idField(r.from), to, idField(r.to), t);
      }
      return { status: 204 };
    });
    router.get(`${base}/labels`, (ctx) => {
      const { from, to } = pair(ctx);
      const results = [...ASSOCIATION_TYPE_INFO.values()].filter((i) => i.from === from && i.to === to).map((i) => spec(i.typeId));
      return { status: 200, body: { results } };
    });
  }
}

function pair(ctx: RequestContext) {
  return { from: objectTypeParam(ctx.params.fromObjectType), to: objectTypeParam(ctx.params.toObjectType) };
}
function idField(v: unknown): string {
  const id = (v as { id?: unknown } | null)?.id;
  if (id === undefined || id === null || typeof id === "object") throw validation("Invalid input: expected {id}");
  return String(id);
}

function linkDefault(store: SandboxStore, from: CrmObjectType, fromId: string, to: CrmObjectType, toId: string) {
  const typeId = defaultType(from, to);
  store.link(from, fromId, to, toId, typeId);
  const reverse = ASSOCIATION_TYPE_INFO.get(typeId)?.reverse ?? typeId;
  return [
    { from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: typeId } },
    { from: { id: toId }, to: { id: fromId }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: reverse } },
  ];
}

function getPage(store: SandboxStore, ctx: RequestContext): HandlerResult {
  const from = objectTypeParam(ctx.params.objectType);
  const to = objectTypeParam(ctx.params.toObjectType);
  requireObject(store, from, ctx.params.objectId!);
  const limit = intParam(ctx.query, "limit", 500, 500);
  const after = Number(ctx.query.get("after") ?? 0) || 0;
  const all = store.associations(from, ctx.params.objectId!, to).filter((a) => Number(a.toId) >= after);
  const page = all.slice(0, limit);
  const body: Record<string, unknown> = {
    results: page.map((a) => ({ toObjectId: Number(a.toId), associationTypes: a.typeIds.map(spec) })),
  };
  if (all.length > page.length && page.length) {
    const next = String(Number(page[page.length - 1]!.toId) + 1);
    body.paging = { next: { after: next, link: nextLink(ctx, next) } };
  }
  return { status: 200, body };
}

async function batchRead(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const { from, to } = pair(ctx);
  const startedAt = new Date().toISOString();
  const results: unknown[] = [];
  const missing: string[] = [];
  for (const i of batchInputs(await ctx.readJson(), 1000)) {
    const id = idField(i);
    const assocs = store.getObject(from, id) ? store.associations(from, id, to) : [];
    // HubSpot reports objects without associations (or unknown ids) as errors, not empty results.
    if (assocs.length === 0) {
      missing.push(id);
      continue;
    }
    results.push({ from: { id }, to: assocs.map((a) => ({ toObjectId: Number(a.toId), associationTypes: a.typeIds.map(spec) })) });
  }
  const errors = missing.map((id) => ({
    status: "error",
    category: "OBJECT_NOT_FOUND",
    subCategory: "crm.associations.NO_ASSOCIATIONS_FOUND",
    message: `No ${to.replace(/s$/, "")} is associated with ${from.replace(/s$/, "")} ${id}.`,
    context: { fromObjectId: [id] },
  }));
  return batchEnvelope(startedAt, results, errors);
}
