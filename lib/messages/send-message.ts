import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/client";
import { asDb } from "@/lib/db/current";
import { keyedRowId } from "@/lib/db/keyed-id";
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

/**
 * One message per idempotency key: its id is derived from (contact, key), so a repeat (the reply
 * was lost, the customer presses « Envoyer » again) conflicts on the primary key and returns the
 * first message without a second row, outbox row or HubSpot ticket.
 */
async function commitOnce(contactId: string, key: string, write: (tx: Db, id: string) => Promise<void>, row: (id: string) => typeof portalMessages.$inferInsert): Promise<{ id: string; created: boolean }> {
  const id = keyedRowId("message", contactId, key);
  const db = await getDb();
  const created = await db.transaction(async (tx) => {
    const inserted = await tx.insert(portalMessages).values(row(id)).onConflictDoNothing().returning({ id: portalMessages.id });
    if (inserted.length === 0) return false;
    await write(asDb(tx), id);
    return true;
  });
  if (!created) {
    // The derived id includes the contact: the row can only be this customer's (checked anyway).
    const [existing] = await db.select({ id: portalMessages.id }).from(portalMessages).where(and(eq(portalMessages.id, id), eq(portalMessages.contactId, contactId)));
    if (!existing) throw new Error(`message ${id}: key conflict with another contact`);
  }
  return { id, created };
}

export async function startConversation(contactId: string, input: z.output<typeof newConversationSchema>): Promise<SentMessage> {
  const { id, created } = await commitOnce(
    contactId,
    input.idempotencyKey,
    async (tx, id) => {
      await attachUploads(tx, contactId, UPLOAD_PURPOSE, input.uploadIds, id);
      await enqueueHubSpotWrite(tx, { operation: DELIVER_MESSAGE, args: { messageId: id }, idempotencyKey: `message:${id}`, contactId });
    },
    (id) => ({ id, contactId, ticketId: null, kind: input.kind, subject: input.subject, body: input.body, uploadIds: input.uploadIds }),
  );
  if (created) await publishLive({ contactId, topic: "message", id });
  return { messageId: id, conversationId: null };
}

export async function replyToConversation(contactId: string, input: z.output<typeof replySchema>): Promise<SentMessage> {
  // Ownership: NOT_FOUND unless this service-desk ticket is the customer's.
  await getConversation(contactId, input.conversationId);
  const { id, created } = await commitOnce(
    contactId,
    input.idempotencyKey,
    async (tx, id) => {
      await attachUploads(tx, contactId, UPLOAD_PURPOSE, input.uploadIds, id);
      await enqueueHubSpotWrite(tx, { operation: DELIVER_MESSAGE, args: { messageId: id }, idempotencyKey: `message:${id}`, contactId });
    },
    (id) => ({ id, contactId, ticketId: input.conversationId, body: input.body, uploadIds: input.uploadIds }),
  );
  if (created) await publishLive({ contactId, topic: "ticket", id: input.conversationId });
  return { messageId: id, conversationId: input.conversationId };
}
