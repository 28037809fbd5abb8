import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { portalMessages, portalUploads } from "@/lib/db/schema";
import { ensureCustomerNote, ensureServiceTicket, updateTicket, serviceDeskStageId, uploadPrivateFile } from "@/lib/hubspot/conversations";
import { publishLive } from "@/lib/live/process-bus";
import { PermanentDeliveryError } from "@/lib/notifications/errors";
import { registerHubSpotWrite } from "@/lib/outbox";

/**
 * Outbox handler "messages.deliver": the customer's message → HubSpot. Each step is idempotent
 * and records its result before the next one, so a retry resumes where the last attempt stopped:
 * 1. attachments → HubSpot Files (private), file id kept on the upload row, bytes dropped;
 * 2. a new conversation → a service-desk ticket (found by portal_request_id if already created);
 * 3. the note on the ticket (found by portal_message_id), marked visible, author "customer";
 * 4. the ticket goes to "En attente de l'équipe" so staff see it needs an answer.
 */
export const DELIVER_MESSAGE = "messages.deliver";

const argsSchema = z.object({ messageId: z.uuid() });

export async function deliverMessage(args: unknown): Promise<{ ticketId: string; noteId: string }> {
  const parsed = argsSchema.safeParse(args);
  if (!parsed.success) throw new PermanentDeliveryError("messages.deliver: invalid args");
  const db = await getDb();
  const [message] = await db.select().from(portalMessages).where(eq(portalMessages.id, parsed.data.messageId));
  if (!message) throw new PermanentDeliveryError("messages.deliver: message row missing");
  if (message.status === "sent" && message.ticketId && message.noteId) return { ticketId: message.ticketId, noteId: message.noteId };

  const uploads = message.uploadIds.length
    ? await db.select().from(portalUploads).where(and(inArray(portalUploads.id, message.uploadIds), eq(portalUploads.contactId, message.contactId)))
    : [];
  const fileIds: string[] = [];
  for (const id of message.uploadIds) {
    const upload = uploads.find((u) => u.id === id);
    if (!upload) throw new PermanentDeliveryError("messages.deliver: upload row missing");
    if (upload.hubspotFileId) {
      fileIds.push(upload.hubspotFileId);
      continue;
    }
    if (!upload.bytes) throw new PermanentDeliveryError("messages.deliver: upload bytes missing");
    const fileId = await uploadPrivateFile(upload.bytes, upload.fileName, `/portail/messages/${message.contactId}/${upload.id}`);
    await db.update(portalUploads).set({ hubspotFileId: fileId, bytes: null }).where(eq(portalUploads.id, upload.id));
    fileIds.push(fileId);
  }

  let ticketId = message.ticketId;
  if (!ticketId) {
    ticketId = await ensureServiceTicket({
      requestId: message.id,
      contactId: message.contactId,
      subject: message.subject ?? "Demande depuis l'espace client",
      content: message.body.slice(0, 2000),
      kind: message.kind,
      stage: "waiting_staff",
    });
    await db.update(portalMessages).set({ ticketId }).where(eq(portalMessages.id, message.id));
  }
  const noteId = await ensureCustomerNote({ messageId: message.id, contactId: message.contactId, ticketId, body: message.body, attachmentIds: fileIds, at: message.createdAt });
  if (message.subject === null) {
    const { stageId } = await serviceDeskStageId("waiting_staff");
    await updateTicket(ticketId, { hs_pipeline_stage: stageId });
  }
  await db.update(portalMessages).set({ status: "sent", noteId, sentAt: new Date() }).where(eq(portalMessages.id, message.id));
  await publishLive({ contactId: message.contactId, topic: "ticket", id: ticketId });
  return { ticketId, noteId };
}

export function registerMessageHandlers(): void {
  registerHubSpotWrite(DELIVER_MESSAGE, (args) => deliverMessage(args));
}
