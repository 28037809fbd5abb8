import "server-only";
import { AppError } from "@/lib/errors";
import { searchObjects, updateObject, type SearchRequest } from "./api";
import { hubspotCall } from "./call";
import { cacheTags, invalidateTags } from "./cache";
import { getHubSpotClient } from "./client";
import { str } from "./mappers";
import { resolvePipeline } from "./pipelines";
import { fileSchema, parseHubSpot } from "./schemas";
import { ASSOCIATION_TYPES } from "./spec";
import { type InterventionStageKey, type ServiceDeskStageKey } from "@/lib/model/vocabulary";
import { createAssociatedObject } from "./writes";

/**
 * HubSpot writes for conversations (service-desk tickets with notes), survey answers and uploads
 * (issue 6). Called by outbox handlers only: each create first looks for the object a previous
 * attempt may have created (portal_request_id / portal_message_id), so a retry never duplicates.
 */

function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Uploads bytes to HubSpot Files as a PRIVATE file; returns its id. */
export async function uploadPrivateFile(bytes: Uint8Array, fileName: string, folderPath: string): Promise<string> {
  const raw = await hubspotCall(
    "general",
    "files.upload",
    () =>
      getHubSpotClient().files.filesApi.upload(
        { data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name: fileName },
        undefined,
        folderPath,
        fileName,
        undefined,
        JSON.stringify({ access: "PRIVATE", overwrite: false, duplicateValidationStrategy: "NONE" }),
      ),
    { idempotent: false },
  );
  return parseHubSpot(fileSchema, plain(raw), "files.upload").id;
}

async function findOne(type: "tickets" | "notes", property: string, value: string): Promise<string | null> {
  const request = { filterGroups: [{ filters: [{ propertyName: property, operator: "EQ", value }] }], properties: [property], limit: 1 } as unknown as SearchRequest;
  const { results } = await searchObjects(type, request);
  return results.find((r) => str(r.properties, property) === value)?.id ?? null;
}

export async function serviceDeskStageId(key: ServiceDeskStageKey): Promise<{ pipelineId: string; stageId: string }> {
  const pipeline = await resolvePipeline("serviceDesk");
  const stageId = pipeline.stageIdByKey[key];
  if (!pipeline.pipelineId || !stageId) throw new AppError("INTERNAL", `Service desk pipeline/stage ${key} missing: run npm run hubspot:setup`);
  return { pipelineId: pipeline.pipelineId, stageId };
}

export async function interventionStageKeyOf(stageId: string): Promise<InterventionStageKey | null> {
  const pipeline = await resolvePipeline("interventions");
  return (pipeline.stageKeyById[stageId] as InterventionStageKey | undefined) ?? null;
}

export async function serviceDeskStageKeyOf(stageId: string): Promise<ServiceDeskStageKey | null> {
  const pipeline = await resolvePipeline("serviceDesk");
  return (pipeline.stageKeyById[stageId] as ServiceDeskStageKey | undefined) ?? null;
}

export interface ServiceTicketInput {
  /** Unique per portal request: the idempotency anchor. */
  requestId: string;
  contactId: string;
  subject: string;
  content: string;
  kind: string | null;
  stage: ServiceDeskStageKey;
}

/** The service-desk ticket for this portal request: found if a previous attempt created it, else created. */
export async function ensureServiceTicket(input: ServiceTicketInput): Promise<string> {
  const existing = await findOne("tickets", "portal_request_id", input.requestId);
  if (existing) return existing;
  const { pipelineId, stageId } = await serviceDeskStageId(input.stage);
  const created = await createAssociatedObject({
    type: "tickets",
    properties: {
      subject: input.subject,
      content: input.content,
      hs_pipeline: pipelineId,
      hs_pipeline_stage: stageId,
      portal_request_id: input.requestId,
      ...(input.kind ? { request_kind: input.kind } : {}),
    },
    associations: [{ toType: "contacts", toId: input.contactId, typeId: ASSOCIATION_TYPES.ticket_to_contact }],
  });
  return created.id;
}

export interface CustomerNoteInput {
  messageId: string;
  contactId: string;
  ticketId: string;
  body: string;
  attachmentIds: string[];
  at: Date;
}

/** The customer's message as a note on the ticket (visible in the portal), created once. */
export async function ensureCustomerNote(input: CustomerNoteInput): Promise<string> {
  const existing = await findOne("notes", "portal_message_id", input.messageId);
  if (existing) return existing;
  const escaped = input.body.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, "<br>");
  const created = await createAssociatedObject({
    type: "notes",
    properties: {
      hs_note_body: escaped,
      hs_timestamp: input.at.toISOString(),
      portal_visible: "true",
      portal_author: "customer",
      portal_message_id: input.messageId,
      ...(input.attachmentIds.length ? { hs_attachment_ids: input.attachmentIds.join(";") } : {}),
    },
    associations: [
      { toType: "tickets", toId: input.ticketId, typeId: ASSOCIATION_TYPES.note_to_ticket },
      { toType: "contacts", toId: input.contactId, typeId: ASSOCIATION_TYPES.note_to_contact },
    ],
  });
  return created.id;
}

/** Updates ticket properties (stage, survey answers) and drops the ticket's cached reads. */
export async function updateTicket(ticketId: string, properties: Record<string, string>): Promise<void> {
  try {
    await updateObject("tickets", ticketId, properties);
  } finally {
    await invalidateTags([cacheTags.ticket(ticketId), cacheTags.ticketNotes(ticketId)]);
  }
}
