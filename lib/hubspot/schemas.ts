import "server-only";
import { z } from "zod";

/**
 * zod schemas of every HubSpot response the portal reads. Tolerant on purpose: HubSpot says to
 * treat fields as optional, unknown fields are ignored (zod strips them), and values are coerced
 * where HubSpot (or the SDK's deserializer) varies: Date objects vs ISO strings, numeric vs string ids.
 */

const id = z.union([z.string(), z.number()]).transform(String);
/** The SDK turns timestamps into Date objects; the wire has ISO strings. */
const timestamp = z.preprocess((v) => (v instanceof Date ? v.toISOString() : v), z.string()).optional().catch(undefined);
/**
 * A CRM property value: HubSpot sends every one as a string or null (`SimplePublicObject.properties`
 * is `Record<string, string | null>`: numbers, booleans and dates included), and the sandbox does
 * the same (sandbox/strict.ts). Anything else is not a value the portal may interpret: null.
 */
const propertyValue = z.string().nullable().optional().catch(null);

export const hsObjectSchema = z.object({
  id,
  properties: z.record(z.string(), propertyValue).default({}),
  createdAt: timestamp,
  updatedAt: timestamp,
  archived: z.boolean().optional().catch(undefined),
});
export type HsObject = z.output<typeof hsObjectSchema>;

export const batchReadSchema = z.object({
  status: z.string().optional(),
  results: z.array(hsObjectSchema).default([]),
});

export const searchResponseSchema = z.object({
  total: z.number().optional(),
  results: z.array(hsObjectSchema).default([]),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

const associationTypeSchema = z.object({
  category: z.string().optional(),
  typeId: z.number().optional(),
  label: z.string().nullable().optional(),
});
const associatedSchema = z.object({
  toObjectId: id,
  associationTypes: z.array(associationTypeSchema).default([]),
});

/** v4 GET /crm/v4/objects/{from}/{id}/associations/{to} */
export const associationPageSchema = z.object({
  results: z.array(associatedSchema).default([]),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

/** v4 POST /crm/v4/associations/{from}/{to}/batch/read (the SDK names `from` `_from`). */
export const associationBatchSchema = z.object({
  results: z
    .array(
      z
        .object({
          from: z.object({ id }).optional(),
          _from: z.object({ id }).optional(),
          to: z.array(associatedSchema).default([]),
        })
        .transform((r) => ({ fromId: r.from?.id ?? r._from?.id ?? "", to: r.to })),
    )
    .default([]),
});

export const ownerSchema = z.object({
  id,
  email: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
  userId: z.number().nullable().optional(),
  archived: z.boolean().optional(),
});
export type HsOwner = z.output<typeof ownerSchema>;
export const ownersPageSchema = z.object({
  results: z.array(ownerSchema).default([]),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

export const pipelineStageSchema = z.object({
  id,
  label: z.string(),
  displayOrder: z.number().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  archived: z.boolean().optional(),
});
export type HsPipelineStage = z.output<typeof pipelineStageSchema>;

/** `POST /oauth/v2/private-apps/get/access-token-info`. */
export const tokenInfoSchema = z.object({
  hubId: id.optional(),
  appId: id.optional(),
  scopes: z.array(z.string()).default([]),
});
export const pipelineSchema = z.object({
  id,
  label: z.string(),
  displayOrder: z.number().optional(),
  archived: z.boolean().optional(),
  stages: z.array(pipelineStageSchema).default([]),
});
export type HsPipeline = z.output<typeof pipelineSchema>;
export const pipelinesSchema = z.object({ results: z.array(pipelineSchema).default([]) });

export const fileSchema = z.object({
  id,
  name: z.string().nullable().optional(),
  extension: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  size: z.number().nullable().optional(),
  access: z.string().optional(),
  url: z.string().nullable().optional(),
  defaultHostingUrl: z.string().nullable().optional(),
});
export type HsFile = z.output<typeof fileSchema>;

export const signedUrlSchema = z.object({
  url: z.string(),
  name: z.string().optional(),
  extension: z.string().optional(),
  type: z.string().optional(),
  size: z.number().optional(),
  expiresAt: timestamp,
});

export const propertySchema = z.object({
  name: z.string(),
  label: z.string().optional(),
  type: z.string(),
  fieldType: z.string().optional(),
  groupName: z.string().optional(),
});
export const propertiesSchema = z.object({ results: z.array(propertySchema).default([]) });
export const propertyGroupsSchema = z.object({ results: z.array(z.object({ name: z.string(), label: z.string().optional() })).default([]) });

/** A webhook delivery: an array of events (webhooks v3). */
export const webhookEventSchema = z.object({
  eventId: id,
  subscriptionId: id.optional(),
  portalId: id.optional(),
  appId: id.optional(),
  occurredAt: z.number().optional(),
  subscriptionType: z.string().min(1),
  attemptNumber: z.number().optional(),
  objectId: id.optional(),
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.union([z.string(), z.number(), z.boolean()]).transform(String).nullable().optional(),
  changeSource: z.string().optional(),
  changeFlag: z.string().optional(),
  // association changes
  fromObjectId: id.optional(),
  toObjectId: id.optional(),
  fromObjectTypeId: z.string().optional(),
  toObjectTypeId: z.string().optional(),
  associationType: z.string().optional(),
  associationRemoved: z.boolean().optional(),
  // merges
  primaryObjectId: id.optional(),
  mergedObjectIds: z.array(id).optional(),
});
export type WebhookEvent = z.output<typeof webhookEventSchema>;
export const webhookBodySchema = z.array(webhookEventSchema).max(1000);

/** Parses with a schema; a HubSpot response we cannot read is our bug or a HubSpot change, never the customer's. */
export function parseHubSpot<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`Unexpected HubSpot response for ${what}: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return result.data;
}
