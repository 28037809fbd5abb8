import { CUSTOM_PROPERTY_OBJECT_TYPES, type CrmObjectType } from "@/lib/hubspot/spec";
import { conflict, notFound, validation } from "@/sandbox/errors";
import type { Router } from "@/sandbox/http/router";
import type { SandboxStore } from "@/sandbox/store";
import type { SandboxPipeline, SandboxProperty } from "@/sandbox/types";
import { bodyObject, boolParam, intParam, nextLink, objectTypeParam } from "@/sandbox/routes/common";

const PROPERTY_TYPES = ["string", "number", "date", "datetime", "enumeration", "bool"] as const;
const FIELD_TYPES = ["textarea", "text", "date", "file", "number", "select", "radio", "checkbox", "booleancheckbox", "calculation_equation", "html", "phonenumber"];
/** Which field types HubSpot accepts for each property type. */
const COMPATIBLE: Record<string, string[]> = {
  string: ["text", "textarea", "file", "html", "phonenumber"],
  number: ["number", "calculation_equation"],
  date: ["date"],
  datetime: ["date"],
  enumeration: ["select", "radio", "checkbox", "booleancheckbox"],
  bool: ["booleancheckbox", "select", "radio"],
};

export function serializeProperty(p: SandboxProperty, index: number): Record<string, unknown> {
  return {
    updatedAt: p.createdAt,
    createdAt: p.createdAt,
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description ?? "",
    groupName: p.groupName,
    options: (p.options ?? []).map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: false })),
    displayOrder: index,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: Boolean((p as { hasUniqueValue?: boolean }).hasUniqueValue),
    hidden: false,
    hubspotDefined: p.hubspotDefined,
    modificationMetadata: { archivable: !p.hubspotDefined, readOnlyDefinition: p.hubspotDefined, readOnlyValue: p.name === "hs_object_id" },
    formField: !p.hubspotDefined,
    archived: false,
  };
}

function pipelineType(name: string | undefined): "tickets" | "deals" {
  const t: CrmObjectType = objectTypeParam(name);
  if (t !== "tickets" && t !== "deals") throw validation(`Object type ${name} has no pipelines`);
  return t;
}

export function serializePipeline(p: SandboxPipeline): Record<string, unknown> {
  return {
    id: p.id,
    label: p.label,
    displayOrder: p.displayOrder,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    archived: p.archived,
    stages: [...p.stages].sort((a, b) => a.displayOrder - b.displayOrder).map((s) => ({ ...s, writePermissions: "CRUD_PERMITTED" })),
  };
}

/** Validates one stage input as HubSpot does (tickets need ticketState, deals a probability). */
function parseStage(type: "tickets" | "deals", input: unknown, index: number, where: string, now: string): SandboxPipeline["stages"][number] {
  const r = bodyObject(input);
  if (typeof r.label !== "string" || !r.label) throw validation("Stage label is required", [{ message: "label is required", in: `${where}.label`, code: "REQUIRED" }]);
  const metadata = (r.metadata && typeof r.metadata === "object" ? r.metadata : {}) as Record<string, unknown>;
  if (type === "tickets" && !["OPEN", "CLOSED"].includes(String(metadata.ticketState)))
    throw validation("Ticket stages need metadata.ticketState OPEN or CLOSED", [{ message: "ticketState is required", in: `${where}.metadata.ticketState`, code: "REQUIRED" }]);
  if (type === "deals" && (metadata.probability === undefined || !(Number(metadata.probability) >= 0 && Number(metadata.probability) <= 1)))
    throw validation("Deal stages need metadata.probability between 0 and 1", [{ message: "probability is required", in: `${where}.metadata.probability`, code: "REQUIRED" }]);
  return {
    id: "",
    label: r.label,
    displayOrder: typeof r.displayOrder === "number" ? r.displayOrder : index,
    metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, String(v)])),
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
}

/** Properties, property groups, pipelines and owners. */
export function registerSchemaRoutes(router: Router, store: SandboxStore): void {
  for (const base of ["/crm/v3/properties/:objectType", "/crm/properties/:apiVersion/:objectType"]) {
    router.get(base, (ctx) => {
      const type = objectTypeParam(ctx.params.objectType);
      return { status: 200, body: { results: store.propertyDefs(type).map(serializeProperty) } };
    });
    router.get(`${base}/groups`, (ctx) => {
      const type = objectTypeParam(ctx.params.objectType);
      return { status: 200, body: { results: store.propertyGroups(type).map((g, i) => ({ ...g, displayOrder: g.displayOrder >= 0 ? g.displayOrder : i })) } };
    });
    router.get(`${base}/groups/:groupName`, (ctx) => {
      const type = objectTypeParam(ctx.params.objectType);
      const g = store.propertyGroups(type).find((x) => x.name === ctx.params.groupName);
      if (!g) throw notFound(`Unable to find property group ${ctx.params.groupName}`);
      return { status: 200, body: g };
    });
    router.post(`${base}/groups`, async (ctx) => {
      const type = objectTypeParam(ctx.params.objectType);
      const b = bodyObject(await ctx.readJson());
      if (typeof b.name !== "string" || !/^[a-z][a-z0-9_]*$/.test(b.name)) throw validation("Invalid property group name", [{ message: "name must be lower-case letters, digits and _", in: "name" }]);
      if (typeof b.label !== "string" || !b.label) throw validation("Property group label is required", [{ message: "label is required", in: "label" }]);
      if (store.propertyGroups(type).some((g) => g.name === b.name)) throw conflict(`A property group named '${b.name}' already exists.`, "OBJECT_ALREADY_EXISTS");
      const group = { name: b.name, label: b.label, displayOrder: typeof b.displayOrder === "number" ? b.displayOrder : -1, archived: false };
      store.addPropertyGroup(type, group);
      return { status: 201, body: group };
    });
    router.get(`${base}/:propertyName`, (ctx) => {
      const type = objectTypeParam(ctx.params.objectType);
      const defs = store.propertyDefs(type);
      const i = defs.findIndex((p) => p.name === ctx.params.propertyName);
      if (i < 0) throw notFound(`Unable to find property ${ctx.params.propertyName} for object type ${type}`);
      return { status: 200, body: serializeProperty(defs[i]!, i) };
    });
    router.post(base, async (ctx) => {
      const type = objectTypeParam(ctx.params.objectType);
      // HubSpot documents custom properties (and a `crm.schemas.*.write` scope) only for some object
      // types: none for notes or meetings, so the sandbox refuses them (lib/hubspot/spec.ts).
      if (!CUSTOM_PROPERTY_OBJECT_TYPES.has(type))
        throw validation(`Custom properties cannot be created on ${type}.`, [{ message: `${type} does not accept custom properties`, in: "objectType", code: "INVALID_OBJECT_TYPE" }]);

      const b = bodyObject(await ctx.readJson());
      const errors: { message: string; in: string; code: string }[] = [];
      const need = (field: string) => (typeof b[field] !== "string" || b[field] === "") && errors.push({ message: `${field} is required`, in: field, code: "REQUIRED" });
      ["name", "label", "type", "fieldType", "groupName"].forEach(need);
      if (typeof b.name === "string" && b.name && !/^[a-z][a-z0-9_]*$/.test(b.name)) errors.push({ message: "name must start with a letter and use lower-case letters, digits and _", in: "name", code: "INVALID_NAME" });
      if (typeof b.type === "string" && !(PROPERTY_TYPES as readonly string[]).includes(b.type)) errors.push({ message: `invalid type ${b.type}`, in: "type", code: "INVALID_TYPE" });
      if (typeof b.fieldType === "string" && !FIELD_TYPES.includes(b.fieldType)) errors.push({ message: `invalid fieldType ${b.fieldType}`, in: "fieldType", code: "INVALID_FIELD_TYPE" });
      else if (typeof b.type === "string" && typeof b.fieldType === "string" && COMPATIBLE[b.type] && !COMPATIBLE[b.type]!.includes(b.fieldType))
        errors.push({ message: `fieldType ${b.fieldType} is not compatible with type ${b.type}`, in: "fieldType", code: "INVALID_FIELD_TYPE" });
      const options = b.options === undefined ? [] : Array.isArray(b.options) ? b.options : null;
      if (options === null) errors.push({ message: "options must be an array", in: "options", code: "INVALID_OPTIONS" });
      if (b.type === "enumeration" && options && options.length === 0) errors.push({ message: "enumeration properties need options", in: "options", code: "REQUIRED" });
      if (errors.length) throw validation(`Invalid input: ${errors.map((e) => e.message).join("; ")}`, errors);
      if (typeof b.groupName === "string" && !store.propertyGroups(type).some((g) => g.name === b.groupName))
        throw validation(`Property group ${b.groupName} does not exist`, [{ message: `group ${b.groupName} does not exist`, in: "groupName", code: "INVALID_GROUP" }]);
      // A property the account refuses (sandbox/strict.ts refuseProperties): HubSpot's 400.
      if (store.strictness.refuseProperties.includes(`${type}.${b.name as string}`))
        throw validation(`Property ${b.name as string} cannot be created on ${type}: this account does not allow it.`, [
          { message: `${b.name as string} is not allowed on ${type}`, in: "name", code: "INVALID_PROPERTY" },
        ]);
      if (store.propertyDef(type, b.name as string)) throw conflict(`A property named '${b.name as string}' already exists.`, "OBJECT_ALREADY_EXISTS");
      const prop: SandboxProperty & { hasUniqueValue?: boolean } = {
        name: b.name as string,
        label: b.label as string,
        type: b.type as SandboxProperty["type"],
        fieldType: b.fieldType as SandboxProperty["fieldType"],
        description: typeof b.description === "string" ? b.description : undefined,
        options: (options ?? []).map((o: unknown) => {
          const r = (o ?? {}) as { label?: unknown; value?: unknown };
          return { label: String(r.label ?? r.value ?? ""), value: String(r.value ?? "") };
        }),
        groupName: b.groupName as string,
        hubspotDefined: false,
        createdAt: new Date().toISOString(),
      };
      if (b.hasUniqueValue === true) prop.hasUniqueValue = true;
      store.addProperty(type, prop);
      return { status: 201, body: serializeProperty(prop, store.propertyDefs(type).length - 1) };
    });
  }

  for (const base of ["/crm/v3/pipelines/:objectType", "/crm/pipelines/:apiVersion/:objectType"]) {
    router.get(base, (ctx) => ({ status: 200, body: { results: store.pipelinesOf(pipelineType(ctx.params.objectType)).filter((p) => !p.archived).map(serializePipeline) } }));
    router.get(`${base}/:pipelineId`, (ctx) => {
      const p = store.pipelinesOf(pipelineType(ctx.params.objectType)).find((x) => x.id === ctx.params.pipelineId);
      if (!p) throw notFound(`Unable to find pipeline ${ctx.params.pipelineId}`);
      return { status: 200, body: serializePipeline(p) };
    });
    router.get(`${base}/:pipelineId/stages`, (ctx) => {
      const p = store.pipelinesOf(pipelineType(ctx.params.objectType)).find((x) => x.id === ctx.params.pipelineId);
      if (!p) throw notFound(`Unable to find pipeline ${ctx.params.pipelineId}`);
      return { status: 200, body: { results: (serializePipeline(p).stages as unknown[]) } };
    });
    router.get(`${base}/:pipelineId/stages/:stageId`, (ctx) => {
      const p = store.pipelinesOf(pipelineType(ctx.params.objectType)).find((x) => x.id === ctx.params.pipelineId);
      const s = (serializePipeline(p ?? ({ stages: [] } as unknown as SandboxPipeline)).stages as { id: string }[]).find((x) => x.id === ctx.params.stageId);
      if (!p || !s) throw notFound(`Unable to find stage ${ctx.params.stageId}`);
      return { status: 200, body: s };
    });
    router.post(`${base}/:pipelineId/stages`, async (ctx) => {
      const type = pipelineType(ctx.params.objectType);
      const p = store.pipelinesOf(type).find((x) => x.id === ctx.params.pipelineId);
      if (!p) throw notFound(`Unable to find pipeline ${ctx.params.pipelineId}`);
      const now = new Date().toISOString();
      const stage = { ...parseStage(type, await ctx.readJson(), p.stages.length, "stage", now), id: store.newId() };
      if (p.stages.some((x) => !x.archived && x.label === stage.label)) throw conflict(`A stage with label '${stage.label}' already exists.`, "OBJECT_ALREADY_EXISTS");
      store.addPipelineStage(p, stage);
      return { status: 201, body: (serializePipeline(p).stages as { id: string }[]).find((x) => x.id === stage.id) };
    });
    router.post(base, async (ctx) => {
      const type = pipelineType(ctx.params.objectType);
      const b = bodyObject(await ctx.readJson());
      if (typeof b.label !== "string" || !b.label) throw validation("Pipeline label is required", [{ message: "label is required", in: "label", code: "REQUIRED" }]);
      if (!Array.isArray(b.stages) || b.stages.length === 0) throw validation("A pipeline needs at least one stage", [{ message: "stages are required", in: "stages", code: "REQUIRED" }]);
      if (store.pipelinesOf(type).some((p) => !p.archived && p.label === b.label)) throw conflict(`A pipeline with label '${b.label}' already exists.`, "OBJECT_ALREADY_EXISTS");
      const now = new Date().toISOString();
      const stages = b.stages.map((s: unknown, i: number) => ({ ...parseStage(type, s, i, `stages[${i}]`, now), id: store.newId() }));
      const pipeline: SandboxPipeline = { id: store.newId(), objectType: type, label: b.label, displayOrder: typeof b.displayOrder === "number" ? b.displayOrder : store.pipelinesOf(type).length, createdAt: now, updatedAt: now, archived: false, stages };
      store.addPipeline(pipeline);
      return { status: 201, body: serializePipeline(pipeline) };
    });
  }

  const owner = (o: SandboxStore["owners"][number]) => ({
    id: o.id,
    email: o.email,
    type: "PERSON",
    firstName: o.firstName,
    lastName: o.lastName,
    userId: o.userId,
    userIdIncludingInactive: o.userId,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    archived: o.archived,
    teams: o.teams ?? [],
  });
  router.get("/crm/v3/owners", (ctx) => {
    const limit = intParam(ctx.query, "limit", 100, 500);
    const after = Number(ctx.query.get("after") ?? 0) || 0;
    const email = ctx.query.get("email")?.toLowerCase();
    const archived = boolParam(ctx.query, "archived");
    const all = store.owners
      .filter((o) => o.archived === archived && (!email || o.email.toLowerCase() === email) && Number(o.id) >= after)
      .sort((a, b) => Number(a.id) - Number(b.id));
    const page = all.slice(0, limit);
    const body: Record<string, unknown> = { results: page.map(owner) };
    if (all.length > page.length && page.length) {
      const next = String(Number(page[page.length - 1]!.id) + 1);
      body.paging = { next: { after: next, link: nextLink(ctx, next) } };
    }
    return { status: 200, body };
  });
  router.get("/crm/v3/owners/:ownerId", (ctx) => {
    const by = ctx.query.get("idProperty") === "userId" ? "userId" : "id";
    const o = store.owner(ctx.params.ownerId!, by);
    if (!o || o.archived !== boolParam(ctx.query, "archived")) throw notFound();
    return { status: 200, body: owner(o) };
  });
}
