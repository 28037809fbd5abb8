import "server-only";
import { AppError } from "@/lib/errors";
import { HubSpotHttpError, hubspotCall } from "./call";
import { getHubSpotClient, getHubSpotTarget } from "./client";
import {
  associationBatchSchema,
  associationPageSchema,
  batchReadSchema,
  fileSchema,
  hsObjectSchema,
  ownersPageSchema,
  parseHubSpot,
  pipelineSchema,
  pipelineStageSchema,
  pipelinesSchema,
  propertiesSchema,
  propertyGroupsSchema,
  searchResponseSchema,
  signedUrlSchema,
  tokenInfoSchema,
  type HsFile,
  type HsObject,
  type HsOwner,
  type HsPipeline,
  type HsPipelineStage,
} from "./schemas";
import type { CrmObjectType } from "./spec";

/**
 * Every HubSpot request the portal makes, each through hubspotCall (budget, timeout, retries)
 * and parsed with zod. HubSpot's API paths live behind these functions only, so the move to
 * dated paths (/crm/objects/2026-03/…) is a change here. Uncached: see queries.ts for caching.
 */

type Client = ReturnType<typeof getHubSpotClient>;
const BATCH_SIZE = 100;

/** SDK models → plain JSON (Dates become ISO strings) before zod sees them. */
function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function chunks<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function readObject(type: CrmObjectType, id: string, properties: readonly string[]): Promise<HsObject> {
  if (!/^\d+$/.test(id)) throw new AppError("NOT_FOUND", `Invalid ${type} id`);
  const raw = await hubspotCall("general", `${type}.get`, () => getHubSpotClient().crm.objects.basicApi.getById(type, id, [...properties]));
  return parseHubSpot(hsObjectSchema, plain(raw), `${type}.get`);
}

/** Batch read; ids HubSpot does not know are simply absent from the result. */
export async function batchReadObjects(type: CrmObjectType, ids: readonly string[], properties: readonly string[]): Promise<HsObject[]> {
  const unique = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
  const out: HsObject[] = [];
  for (const chunk of chunks(unique)) {
    const raw = await hubspotCall("general", `${type}.batchRead`, () =>
      getHubSpotClient().crm.objects.batchApi.read(type, { inputs: chunk.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] }),
    );
    out.push(...parseHubSpot(batchReadSchema, plain(raw), `${type}.batchRead`).results);
  }
  return out;
}

export type SearchRequest = Parameters<Client["crm"]["objects"]["searchApi"]["doSearch"]>[1];

export async function searchObjects(type: CrmObjectType, request: SearchRequest): Promise<{ total: number; results: HsObject[] }> {
  const raw = await hubspotCall("search", `${type}.search`, () => getHubSpotClient().crm.objects.searchApi.doSearch(type, request));
  const parsed = parseHubSpot(searchResponseSchema, plain(raw), `${type}.search`);
  return { total: parsed.total ?? parsed.results.length, results: parsed.results };
}

export async function updateObject(type: CrmObjectType, id: string, properties: Record<string, string>): Promise<HsObject> {
  if (!/^\d+$/.test(id)) throw new AppError("NOT_FOUND", `Invalid ${type} id`);
  const raw = await hubspotCall("general", `${type}.update`, () => getHubSpotClient().crm.objects.basicApi.update(type, id, { properties }));
  return parseHubSpot(hsObjectSchema, plain(raw), `${type}.update`);
}

export interface AssociationInput {
  toType: CrmObjectType;
  toId: string;
  /** HubSpot-defined type id from spec.ts ASSOCIATION_TYPES (direction: created object → toType). */
  typeId: number;
}

/** Creates an object and its associations in one request. */
export async function createObject(type: CrmObjectType, properties: Record<string, string>, associations: readonly AssociationInput[] = []): Promise<HsObject> {
  const input = {
    properties,
    associations: associations.map((a) => ({
      to: { id: a.toId },
      types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: a.typeId }],
    })),
  } as unknown as Parameters<Client["crm"]["objects"]["basicApi"]["create"]>[1];
  // A create is retried only when HubSpot provably did not apply it (429, connection refused);
  // after a timeout or 5xx a retry could duplicate it: the outbox's idempotency keys handle that.
  const raw = await hubspotCall("general", `${type}.create`, () => getHubSpotClient().crm.objects.basicApi.create(type, input), {
    idempotent: false,
  });
  return parseHubSpot(hsObjectSchema, plain(raw), `${type}.create`);
}

export async function createAssociation(fromType: CrmObjectType, fromId: string, input: AssociationInput): Promise<void> {
  const spec = [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: input.typeId }] as unknown as Parameters<
    Client["crm"]["associations"]["v4"]["basicApi"]["create"]
  >[4];
  await hubspotCall("general", `assoc.create.${fromType}->${input.toType}`, () =>
    getHubSpotClient().crm.associations.v4.basicApi.create(fromType, fromId, input.toType, input.toId, spec),
  );
}

/** Ids associated to one object (v4, paged). */
export async function listAssociatedIds(fromType: CrmObjectType, fromId: string, toType: CrmObjectType): Promise<string[]> {
  if (!/^\d+$/.test(fromId)) throw new AppError("NOT_FOUND", `Invalid ${fromType} id`);
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const raw = await hubspotCall("general", `assoc.${fromType}->${toType}`, () =>
      getHubSpotClient().crm.associations.v4.basicApi.getPage(fromType, fromId, toType, after, 500),
    );
    const page = parseHubSpot(associationPageSchema, plain(raw), `assoc.${fromType}->${toType}`);
    ids.push(...page.results.map((r) => r.toObjectId));
    after = page.paging?.next?.after;
  } while (after);
  return [...new Set(ids)];
}

/** Ids associated to many objects at once (v4 batch read): fromId → toIds. */
export async function batchAssociatedIds(fromType: CrmObjectType, fromIds: readonly string[], toType: CrmObjectType): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  const unique = [...new Set(fromIds)].filter((id) => /^\d+$/.test(id));
  for (const id of unique) result.set(id, []);
  for (const chunk of chunks(unique)) {
    const raw = await hubspotCall("general", `assoc.batch.${fromType}->${toType}`, () =>
      getHubSpotClient().crm.associations.v4.batchApi.getPage(fromType, toType, { inputs: chunk.map((id) => ({ id })) }),
    );
    for (const row of parseHubSpot(associationBatchSchema, plain(raw), `assoc.batch.${fromType}->${toType}`).results) {
      const list = result.get(row.fromId) ?? [];
      list.push(...row.to.map((t) => t.toObjectId));
      result.set(row.fromId, [...new Set(list)]);
    }
  }
  return result;
}

export async function listOwners(): Promise<HsOwner[]> {
  const owners: HsOwner[] = [];
  let after: string | undefined;
  do {
    const raw = await hubspotCall("general", "owners.list", () => getHubSpotClient().crm.owners.ownersApi.getPage(undefined, after, 500, false));
    const page = parseHubSpot(ownersPageSchema, plain(raw), "owners.list");
    owners.push(...page.results);
    after = page.paging?.next?.after;
  } while (after);
  return owners;
}

export async function listPipelines(objectType: "tickets" | "deals"): Promise<HsPipeline[]> {
  const raw = await hubspotCall("general", `pipelines.${objectType}`, () => getHubSpotClient().crm.pipelines.pipelinesApi.getAll(objectType));
  return parseHubSpot(pipelinesSchema, plain(raw), `pipelines.${objectType}`).results;
}

export interface StageInput {
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
}

export async function createPipeline(objectType: "tickets" | "deals", label: string, displayOrder: number, stages: StageInput[]): Promise<HsPipeline> {
  const raw = await hubspotCall("general", `pipelines.${objectType}.create`, () =>
    getHubSpotClient().crm.pipelines.pipelinesApi.create(objectType, { label, displayOrder, stages }),
  );
  return parseHubSpot(pipelineSchema, plain(raw), `pipelines.${objectType}.create`);
}

export async function createPipelineStage(objectType: "tickets" | "deals", pipelineId: string, stage: StageInput): Promise<HsPipelineStage> {
  const raw = await hubspotCall("general", `pipelines.${objectType}.stages.create`, () =>
    getHubSpotClient().crm.pipelines.pipelineStagesApi.create(objectType, pipelineId, stage),
  );
  return parseHubSpot(pipelineStageSchema, plain(raw), `pipelines.${objectType}.stages.create`);
}

export async function listProperties(objectType: CrmObjectType) {
  const raw = await hubspotCall("general", `properties.${objectType}`, () => getHubSpotClient().crm.properties.coreApi.getAll(objectType));
  return parseHubSpot(propertiesSchema, plain(raw), `properties.${objectType}`).results;
}

export type PropertyCreateInput = {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: { label: string; value: string; displayOrder: number; hidden: boolean }[];
};

export async function createProperty(objectType: CrmObjectType, input: PropertyCreateInput): Promise<void> {
  const body = input as unknown as Parameters<Client["crm"]["properties"]["coreApi"]["create"]>[1];
  await hubspotCall("general", `properties.${objectType}.create`, () => getHubSpotClient().crm.properties.coreApi.create(objectType, body));
}

export async function listPropertyGroups(objectType: CrmObjectType) {
  const raw = await hubspotCall("general", `propertyGroups.${objectType}`, () => getHubSpotClient().crm.properties.groupsApi.getAll(objectType));
  return parseHubSpot(propertyGroupsSchema, plain(raw), `propertyGroups.${objectType}`).results;
}

export async function createPropertyGroup(objectType: CrmObjectType, name: string, label: string): Promise<void> {
  await hubspotCall("general", `propertyGroups.${objectType}.create`, () =>
    getHubSpotClient().crm.properties.groupsApi.create(objectType, { name, label, displayOrder: -1 }),
  );
}

export async function readFile(fileId: string): Promise<HsFile> {
  if (!/^\d+$/.test(fileId)) throw new AppError("NOT_FOUND", "Invalid file id");
  const raw = await hubspotCall("general", "files.get", () => getHubSpotClient().files.filesApi.getById(fileId));
  return parseHubSpot(fileSchema, plain(raw), "files.get");
}

/** A short-lived URL to a private file's bytes. */
export async function fileSignedUrl(fileId: string, expirationSeconds = 300): Promise<string> {
  if (!/^\d+$/.test(fileId)) throw new AppError("NOT_FOUND", "Invalid file id");
  const raw = await hubspotCall("general", "files.signedUrl", () =>
    getHubSpotClient().files.filesApi.getSignedUrl(fileId, undefined, expirationSeconds),
  );
  return parseHubSpot(signedUrlSchema, plain(raw), "files.signedUrl").url;
}

/**
 * GDPR delete of a contact (`POST /crm/v3/objects/contacts/gdpr-delete`): HubSpot removes the
 * contact for good and blocklists its email. Deleting twice is harmless: a contact already gone
 * answers NOT_FOUND, which callers treat as done.
 */
export async function gdprDeleteContact(contactId: string): Promise<void> {
  if (!/^\d+$/.test(contactId)) throw new AppError("NOT_FOUND", "Invalid contacts id");
  await hubspotCall("general", "contacts.gdprDelete", () => getHubSpotClient().crm.contacts.basicApi.purge({ objectId: contactId }));
}

/** Archives an object (`DELETE /crm/v3/objects/{type}/{id}`; HubSpot answers 204 even when it is gone). */
export async function archiveObject(type: CrmObjectType, id: string): Promise<void> {
  if (!/^\d+$/.test(id)) throw new AppError("NOT_FOUND", `Invalid ${type} id`);
  await hubspotCall("general", `${type}.archive`, () => getHubSpotClient().crm.objects.basicApi.archive(type, id));
}

/** One page of objects (`GET /crm/v3/objects/{type}`): whether the app may read them at all. */
export async function listObjectsPage(type: CrmObjectType, limit: number, properties: readonly string[] = []): Promise<HsObject[]> {
  const raw = await hubspotCall("general", `${type}.list`, () => getHubSpotClient().crm.objects.basicApi.getPage(type, limit, undefined, [...properties]));
  return parseHubSpot(searchResponseSchema, plain(raw), `${type}.list`).results;
}

/** Deletes a file from HubSpot Files (`DELETE /files/v3/files/{id}`). */
export async function deleteFile(fileId: string): Promise<void> {
  if (!/^\d+$/.test(fileId)) throw new AppError("NOT_FOUND", "Invalid file id");
  await hubspotCall("general", "files.delete", () => getHubSpotClient().files.filesApi.archive(fileId));
}

/**
 * The scopes of the portal's static token (`POST /oauth/v2/private-apps/get/access-token-info`
 * `{tokenKey}` → `{userId, hubId, appId, scopes}`, HubSpot's documented introspection of private
 * and static-auth app tokens; the Authorization header is sent too, which EU tokens need).
 */
export async function readTokenInfo(): Promise<{ hubId?: string; appId?: string; scopes: string[] }> {
  const { token } = getHubSpotTarget();
  const response = await hubspotCall("general", "oauth.tokenInfo", async () => {
    const res = await getHubSpotClient().apiRequest({ method: "POST", path: "/oauth/v2/private-apps/get/access-token-info", body: { tokenKey: token } });
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) throw new HubSpotHttpError(res.status, body);
    return body;
  });
  return parseHubSpot(tokenInfoSchema, response, "oauth.tokenInfo");
}
