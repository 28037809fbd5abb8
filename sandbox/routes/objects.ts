import type { CrmObjectType } from "@/lib/hubspot/spec";
import { conflict, notFound, validation } from "@/sandbox/errors";
import type { Router, RequestContext, HandlerResult } from "@/sandbox/http/router";
import { parseSearchRequest, runSearch } from "@/sandbox/search";
import type { AssociationInput, SandboxStore } from "@/sandbox/store";
import type { SandboxObject } from "@/sandbox/types";
import { batchEnvelope, batchInputs, bodyObject, boolParam, intParam, nextLink, objectTypeParam, queryList, serializeObject } from "@/sandbox/routes/common";

const NOT_FOUND_BATCH = (type: CrmObjectType) =>
  `Could not get some ${type.replace(/s$/, "").toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`;

/** CRM objects v3 (and the dated `/crm/objects/{version}` family, served by the same handlers). */
export function registerObjectRoutes(router: Router, store: SandboxStore): void {
  for (const base of ["/crm/v3/objects/:objectType", "/crm/objects/:apiVersion/:objectType"]) {
    router.get(base, (ctx) => list(store, ctx));
    router.post(base, async (ctx) => create(store, ctx));
    router.post(`${base}/search`, async (ctx) => search(store, ctx));
    router.post(`${base}/batch/read`, async (ctx) => batchRead(store, ctx));
    router.post(`${base}/batch/create`, async (ctx) => batchCreate(store, ctx));
    router.post(`${base}/batch/update`, async (ctx) => batchUpdate(store, ctx));
    router.post(`${base}/batch/upsert`, async (ctx) => batchUpsert(store, ctx));
    router.post(`${base}/batch/archive`, async (ctx) => batchArchive(store, ctx));
    router.post(`${base}/gdpr-delete`, async (ctx) => gdprDelete(store, ctx));
    router.get(`${base}/:objectId`, (ctx) => getOne(store, ctx));
    router.patch(`${base}/:objectId`, async (ctx) => update(store, ctx));
    router.delete(`${base}/:objectId`, (ctx) => archive(store, ctx));
  }
}

function list(store: SandboxStore, ctx: RequestContext): HandlerResult {
  const type = objectTypeParam(ctx.params.objectType);
  const limit = intParam(ctx.query, "limit", 10, 100);
  const afterRaw = ctx.query.get("after");
  const after = afterRaw ? Number(afterRaw) : 0;
  if (!Number.isFinite(after)) throw validation(`Invalid after: ${afterRaw}`);
  const properties = queryList(ctx.query, "properties");
  const associations = queryList(ctx.query, "associations");
  const all = store.list(type, boolParam(ctx.query, "archived")).filter((o) => Number(o.id) >= after);
  const page = all.slice(0, limit);
  const body: Record<string, unknown> = { results: page.map((o) => serializeObject(store, type, o, { properties, associations })) };
  if (all.length > limit && page.length > 0) {
    const next = String(Number(page[page.length - 1]!.id) + 1);
    body.paging = { next: { after: next, link: nextLink(ctx, next) } };
  }
  return { status: 200, body };
}

function getOne(store: SandboxStore, ctx: RequestContext): HandlerResult {
  const type = objectTypeParam(ctx.params.objectType);
  const obj = store.getObject(type, ctx.params.objectId!, { archived: boolParam(ctx.query, "archived"), idProperty: ctx.query.get("idProperty") ?? undefined });
  if (!obj) throw notFound();
  return {
    status: 200,
    body: serializeObject(store, type, obj, { properties: queryList(ctx.query, "properties"), associations: queryList(ctx.query, "associations") }),
  };
}

async function create(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const type = objectTypeParam(ctx.params.objectType);
  const body = bodyObject(await ctx.readJson());
  const obj = store.createObject(type, body.properties ?? {}, body.associations as AssociationInput[] | undefined, "INTEGRATION");
  return { status: 201, body: serializeObject(store, type, obj, { properties: "all" }) };
}

async function update(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const type = objectTypeParam(ctx.params.objectType);
  const body = bodyObject(await ctx.readJson());
  const obj = store.getObject(type, ctx.params.objectId!, { idProperty: ctx.query.get("idProperty") ?? undefined });
  if (!obj) throw notFound();
  store.updateObject(type, obj, body.properties ?? {}, "INTEGRATION");
  return { status: 200, body: serializeObject(store, type, obj, { properties: "all" }) };
}

function archive(store: SandboxStore, ctx: RequestContext): HandlerResult {
  const type = objectTypeParam(ctx.params.objectType);
  // HubSpot answers 204 even when the object is already gone.
  store.archiveObject(type, ctx.params.objectId!, "INTEGRATION");
  return { status: 204 };
}

async function search(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const type = objectTypeParam(ctx.params.objectType);
  const req = parseSearchRequest(await ctx.readJson());
  const { results, total, nextAfter } = runSearch(store, type, req);
  const body: Record<string, unknown> = { total, results: results.map((o) => serializeObject(store, type, o, { properties: req.properties })) };
  if (nextAfter !== undefined) body.paging = { next: { after: nextAfter } };
  return { status: 200, body };
}

function idOf(input: unknown): string {
  const id = (input as { id?: unknown } | null)?.id;
  if (id === undefined || id === null || typeof id === "object") throw validation("Invalid input: each input needs an id");
  return String(id);
}

async function batchRead(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const type = objectTypeParam(ctx.params.objectType);
  const startedAt = new Date().toISOString();
  const body = bodyObject(await ctx.readJson());
  const inputs = batchInputs(body);
  const idProperty = typeof body.idProperty === "string" ? body.idProperty : undefined;
  const properties = Array.isArray(body.properties) ? body.properties.map(String) : undefined;
  const archived = boolParam(ctx.query, "archived");
  const results: unknown[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const id = idOf(input);
    if (seen.has(id)) continue;
    seen.add(id);
    const obj = store.getObject(type, id, { archived, idProperty });
    if (obj) results.push(serializeObject(store, type, obj, { properties }));
    else missing.push(id);
  }
  const errors = missing.length
    ? [{ status: "error", category: "OBJECT_NOT_FOUND", message: NOT_FOUND_BATCH(type), context: { ids: missing } }]
    : [];
  return batchEnvelope(startedAt, results, errors);
}

async function batchCreate(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const type = objectTypeParam(ctx.params.objectType);
  const startedAt = new Date().toISOString();
  const inputs = batchInputs(await ctx.readJson());
  // All or nothing, like HubSpot: validate every input before writing any.
  const prepared = inputs.map((input) => {
    const r = bodyObject(input);
    return { props: store.normalizeProperties(type, r.properties ?? {}), associations: r.associations as AssociationInput[] | undefined };
  });
  if (type === "contacts") {
    const emails = new Set<string>();
    for (const p of prepared) {
      const email = p.props.email?.toLowerCase();
      if (!email) continue;
      const existing = store.findByProperty("contacts", "email", email);
      if (existing) throw conflict(`Contact already exists. Existing ID: ${existing.id}`);
      if (emails.has(email)) throw conflict(`Duplicate email in batch: ${email}`);
      emails.add(email);
    }
  }
  const results = prepared.map((p) => serializeObject(store, type, store.createObject(type, undefined, p.associations, "INTEGRATION", { preNormalized: p.props }), { properties: "all" }));
  const env = batchEnvelope(startedAt, results);
  return { status: 201, body: env.body };
}

async function batchUpdate(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const type = objectTypeParam(ctx.params.objectType);
  const startedAt = new Date().toISOString();
  const inputs = batchInputs(await ctx.readJson());
  const prepared: { obj: SandboxObject; props: Record<string, string | null> }[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const r = bodyObject(input);
    const id = idOf(r);
    const obj = store.getObject(type, id, { idProperty: typeof r.idProperty === "string" ? r.idProperty : undefined });
    const props = store.normalizeProperties(type, r.properties ?? {});
    if (obj) prepared.push({ obj, props });
    else missing.push(id);
  }
  const results = prepared.map(({ obj, props }) => serializeObject(store, type, store.updateObject(type, obj, undefined, "INTEGRATION", props), { properties: "all" }));
  const errors = missing.length ? [{ status: "error", category: "OBJECT_NOT_FOUND", message: NOT_FOUND_BATCH(type), context: { ids: missing } }] : [];
  return batchEnvelope(startedAt, results, errors);
}

async function batchUpsert(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const type = objectTypeParam(ctx.params.objectType);
  const startedAt = new Date().toISOString();
  const inputs = batchInputs(await ctx.readJson());
  const prepared = inputs.map((input) => {
    const r = bodyObject(input);
    const id = idOf(r);
    const idProperty = typeof r.idProperty === "string" ? r.idProperty : undefined;
    if (!idProperty) throw validation("Invalid input: idProperty is required for upsert", [{ message: "idProperty is required", in: "idProperty" }]);
    const def = store.propertyDef(type, idProperty);
    const unique = idProperty === "hs_object_id" || (type === "contacts" && idProperty === "email") || (def as { hasUniqueValue?: boolean } | undefined)?.hasUniqueValue;
    if (!def && idProperty !== "hs_object_id") throw validation(`Property "${idProperty}" does not exist`);
    if (!unique) throw validation(`${idProperty} is not a unique identifier property`);
    return { id, idProperty, props: store.normalizeProperties(type, r.properties ?? {}) };
  });
  const results = prepared.map(({ id, idProperty, props }) => {
    const existing = store.getObject(type, id, { idProperty });
    if (existing) return { ...serializeObject(store, type, store.updateObject(type, existing, undefined, "INTEGRATION", props), { properties: "all" }), new: false };
    const withId = idProperty === "hs_object_id" ? props : { ...props, [idProperty]: id };
    return { ...serializeObject(store, type, store.createObject(type, undefined, undefined, "INTEGRATION", { preNormalized: withId }), { properties: "all" }), new: true };
  });
  return batchEnvelope(startedAt, results);
}

async function batchArchive(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const type = objectTypeParam(ctx.params.objectType);
  const inputs = batchInputs(await ctx.readJson());
  for (const id of inputs.map(idOf)) store.archiveObject(type, id, "INTEGRATION");
  return { status: 204 };
}

async function gdprDelete(store: SandboxStore, ctx: RequestContext): Promise<HandlerResult> {
  const type = objectTypeParam(ctx.params.objectType);
  if (type !== "contacts") throw notFound(`GDPR delete is only available for contacts`);
  const body = bodyObject(await ctx.readJson());
  if (body.objectId === undefined || body.objectId === null) throw validation("Invalid input: objectId is required", [{ message: "objectId is required", in: "objectId" }]);
  const idProperty = typeof body.idProperty === "string" ? body.idProperty : undefined;
  const obj = store.getObject("contacts", String(body.objectId), { idProperty }) ?? store.getObject("contacts", String(body.objectId), { idProperty, archived: true });
  if (!obj) throw notFound();
  store.purgeContact(obj, "INTEGRATION");
  return { status: 204 };
}
