import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { getDb } from "@/lib/db/client";
import { portalMessages } from "@/lib/db/schema";
import { getConversation } from "@/lib/hubspot/queries";
import { publishLive } from "@/lib/live/process-bus";
import { enqueueHubSpotWrite } from "@/lib/outbox";
import { attachUploads } from "@/lib/uploads/store-upload";
import { DELIVER_MESSAGE } from "./deliver-message";
import type { newConversationSchema, replySchema } from "./schemas";

/**
 * A customer's message is committed locally with its outbox row in one transaction, so it is
 * never lost when HubSpot is down: the thread shows it at once as "en cours de transmission",
 * and the outbox creates the ticket/note (lib/messages/deliver-message.ts).
 */
export const UPLOAD_PURPOSE = "message";

export interface SentMessage {
  messageId: string;
  conversationId: string | null;
}

export async function startConversation(contactId: string, input: z.output<typeof newConversationSchema>): Promise<SentMessage> {
  const id = randomUUID();
  const db = await getDb();
  await db.transaction(async (tx) => {
    await attachUploads(tx, contactId, UPLOAD_PURPOSE, input.uploadIds, id);
    await tx.insert(portalMessages).values({ id, contactId, ticketId: null, kind: input.kind, subject: input.subject, body: input.body, uploadIds: input.uploadIds });
    await enqueueHubSpotWrite(tx, { operation: DELIVER_MESSAGE, args: { messageId: id }, idempotencyKey: `message:${id}`, contactId });
  });
  await publishLive({ contactId, topic: "message", id });
  return { messageId: id, conversationId: null };
}

export async function replyToConversation(contactId: string, input: z.output<typeof replySchema>): Promise<SentMessage> {
  // Ownership: NOT_FOUND unless this service-desk ticket is the customer's.
  await getConversation(contactId, input.conversationId);
  const id = randomUUID();
  const db = await getDb();
  await db.transaction(async (tx) => {
    await attachUploads(tx, contactId, UPLOAD_PURPOSE, input.uploadIds, id);
    await tx.insert(portalMessages).values({ id, contactId, ticketId: input.conversationId, body: input.body, uploadIds: input.uploadIds });
    await enqueueHubSpotWrite(tx, { operation: DELIVER_MESSAGE, args: { messageId: id }, idempotencyKey: `message:${id}`, contactId });
  });
  await publishLive({ contactId, topic: "ticket", id: input.conversationId });
  return { messageId: id, conversationId: input.conversationId };
}
