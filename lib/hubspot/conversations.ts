import "server-only";
import { AppError } from "@/lib/errors";
import { batchReadObjects, listAssociatedIds, searchObjects, updateObject, type SearchRequest } from "./api";
import { hubspotCall } from "./call";
import { cacheTags, invalidateTags } from "./cache";
import { getHubSpotClient } from "./client";
import { str } from "./mappers";
import { resolvePipeline } from "./pipelines";
import { fileSchema, parseHubSpot } from "./schemas";
import { ASSOCIATION_TYPES } from "./spec";
import { type InterventionStageKey, type ServiceDeskStageKey } from "@/lib/model/vocabulary";
import { createAssociatedObject } from "./writes";
import { createOnce } from "./create-once";
import { customerNoteBody } from "./markers";

/**
 * HubSpot writes for conversations (service-desk tickets with notes), survey answers and uploads
 * (issue 6). Called by outbox handlers only. Every create goes through `createOnce`: its id is
 * recorded in PostgreSQL as soon as HubSpot returns it, and a create whose outcome is unknown is
 * looked up (tickets by `portal_request_id` once HubSpot's search has caught up; notes, which take
 * no custom property, among the notes of their ticket) before it is sent again.
 */

function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * Uploads bytes to HubSpot Files as a PRIVATE file; returns its id. Exactly once per folder: callers
 * give each upload its own folder, and HubSpot's duplicate validation (RETURN_EXISTING in the exact
 * folder) answers the file an earlier attempt stored when its answer was lost, instead of a copy.
 */
export async function uploadPrivateFile(bytes: Uint8Array, fileName: string, folderPath: string): Promise<string> {
  const raw = await hubspotCall(
    "general",
    "files.upload",
    () =>
      getHubSpotClient()
        .files.filesApi.upload(
          { data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name: fileName },
          undefined,
          folderPath,
          fileName,
          undefined,
          JSON.stringify({ access: "PRIVATE", overwrite: false, duplicateValidationStrategy: "RETURN_EXISTING", duplicateValidationScope: "EXACT_FOLDER" }),
        )
        // The SDK accepts only 201; the existing file may come back with 200 (HubSpot's docs do not
        // say which): it is the answer, not an error.
        .catch((error: unknown) => {
          const e = error as { code?: unknown; body?: unknown };
          if (e?.code === 200 && typeof (e.body as { id?: unknown } | undefined)?.id === "string") return e.body;
          throw error;
        }),
    // A repeat returns the stored file (duplicate validation): safe to retry after a timeout.
    { idempotent: true },
  );
  return parseHubSpot(fileSchema, plain(raw), "files.upload").id;
}

async function findOne(type: "tickets", property: string, value: string): Promise<string | null> {
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
  return createOnce({
    key: `ticket:request:${input.requestId}`,
    objectType: "tickets",
    find: () => findOne("tickets", "portal_request_id", input.requestId),
    create: () => createServiceTicket(input),
  });
}

async function createServiceTicket(input: ServiceTicketInput): Promise<string> {
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
  /** Unique per note (the portal message, or the booking's note): the key of its create. */
  messageId: string;
  contactId: string;
  ticketId: string;
  body: string;
  attachmentIds: string[];
  at: Date;
}

/**
 * The customer's message as a note on the ticket, created once. HubSpot documents no custom
 * property on notes, so nothing marks it but its body's header (what makes it the customer's in the
 * portal, lib/hubspot/markers.ts) and its create's key in PostgreSQL. A create whose outcome is
 * unknown is looked up among the ticket's notes (associations are read, not searched) by its exact
 * timestamp and body.
 */
export async function ensureCustomerNote(input: CustomerNoteInput): Promise<string> {
  const properties: Record<string, string> = {
    hs_note_body: customerNoteBody(input.body),
    hs_timestamp: input.at.toISOString(),
    ...(input.attachmentIds.length ? { hs_attachment_ids: input.attachmentIds.join(";") } : {}),
  };
  return createOnce({
    key: `note:message:${input.messageId}`,
    objectType: "notes",
    find: () => findNoteOn("tickets", input.ticketId, properties),
    create: async () =>
      (
        await createAssociatedObject({
          type: "notes",
          properties,
          associations: [
            { toType: "tickets", toId: input.ticketId, typeId: ASSOCIATION_TYPES.note_to_ticket },
            { toType: "contacts", toId: input.contactId, typeId: ASSOCIATION_TYPES.note_to_contact },
          ],
        })
      ).id,
  });
}

/** A note on `anchor` with exactly this timestamp and body (the look-up of a create whose outcome is unknown). */
export async function findNoteOn(anchorType: "tickets" | "deals" | "contacts", anchorId: string, properties: Record<string, string>): Promise<string | null> {
  const ids = await listAssociatedIds(anchorType, anchorId, "notes");
  if (ids.length === 0) return null;
  const notes = await batchReadObjects("notes", ids, ["hs_note_body", "hs_timestamp"]);
  const at = Date.parse(properties.hs_timestamp ?? "");
  const match = notes
    .filter((n) => str(n.properties, "hs_note_body") === properties.hs_note_body && Date.parse(str(n.properties, "hs_timestamp") ?? "") === at)
    .sort((a, b) => Number(a.id) - Number(b.id))[0];
  return match?.id ?? null;
}

/** Updates ticket properties (stage, survey answers) and drops the ticket's cached reads. */
export async function updateTicket(ticketId: string, properties: Record<string, string>): Promise<void> {
  try {
    await updateObject("tickets", ticketId, properties);
  } finally {
    await invalidateTags([cacheTags.ticket(ticketId), cacheTags.ticketNotes(ticketId)]);
  }
}
