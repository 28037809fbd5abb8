import { randomUUID } from "node:crypto";
import { customerNotes } from "../support/hubspot-objects";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addAddress, listAddresses } from "@/lib/account/addresses";
import { getDb } from "@/lib/db/client";
import { currentDb } from "@/lib/db/current";
import { customerAddresses, outbox, portalMessages } from "@/lib/db/schema";
import { deliverMessage } from "@/lib/messages/deliver-message";
import { newConversationSchema, replySchema } from "@/lib/messages/schemas";
import { replyToConversation, startConversation } from "@/lib/messages/send-message";
import { startPortalStack, type PortalStack } from "./support";

/**
 * Issue 18 point 9: the server committed, the reply was lost, the customer presses « Envoyer »
 * again with the form's key. Each creating core function called twice with the same key creates
 * one thing (one row, one outbox row, one HubSpot object in the sandbox); the same key from
 * another customer creates that customer's own thing and never returns the first one's.
 */
let stack: PortalStack;
beforeAll(async () => {
  stack = await startPortalStack();
}, 120_000);
afterAll(async () => stack?.closeAll());

/** Delivers each message the customer's outbox rows name and that is not sent yet, as the worker would; returns their ids. */
async function deliverPendingMessages(contactId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db.select().from(outbox).where(and(eq(outbox.contactId, contactId), like(outbox.idempotencyKey, "message:%")));
  const named = rows.map((r) => (r.payload as { args: { messageId: string } }).args.messageId);
  const pending = await db.select({ id: portalMessages.id }).from(portalMessages).where(and(eq(portalMessages.contactId, contactId), eq(portalMessages.status, "pending")));
  const ids = named.filter((id) => pending.some((p) => p.id === id));
  for (const messageId of ids) await deliverMessage({ messageId });
  return ids;
}

describe("a repeat with the same idempotency key creates nothing", () => {
  let ticketId = "";

  it("new conversation: one message, one outbox row, one HubSpot ticket; another customer's same key is their own", async () => {
    const key = randomUUID();
    const input = newConversationSchema.parse({ kind: "after_sales", subject: "Disjoncteur qui saute", body: "Le disjoncteur saute le soir.", idempotencyKey: key });
    const first = await startConversation(stack.camille, input);
    const again = await startConversation(stack.camille, input);
    expect(again).toEqual(first);
    const db = await getDb();
    expect(await db.select().from(portalMessages).where(eq(portalMessages.contactId, stack.camille))).toHaveLength(1);
    expect(await db.select().from(outbox).where(eq(outbox.idempotencyKey, `message:${first.messageId}`))).toHaveLength(1);

    const antoine = await startConversation(stack.antoine, newConversationSchema.parse({ kind: "quote_request", subject: "Devis tableau", body: "Bonjour", idempotencyKey: key }));
    expect(antoine.messageId).not.toBe(first.messageId);
    const [antoineRow] = await db.select().from(portalMessages).where(eq(portalMessages.id, antoine.messageId));
    expect(antoineRow).toMatchObject({ contactId: stack.antoine, subject: "Devis tableau" });

    expect(await deliverPendingMessages(stack.camille)).toEqual([first.messageId]);
    const tickets = stack.sandbox.store.list("tickets").filter((t) => t.properties.portal_request_id === first.messageId);
    expect(tickets).toHaveLength(1);
    ticketId = tickets[0]!.id;
    // A third try after delivery still returns the first message, and HubSpot keeps one ticket.
    expect(await startConversation(stack.camille, input)).toEqual(first);
    expect(await deliverPendingMessages(stack.camille)).toEqual([]);
    expect(stack.sandbox.store.list("tickets").filter((t) => t.properties.subject === "Disjoncteur qui saute" || t.properties.portal_request_id === first.messageId)).toHaveLength(1);
  });

  it("reply: one message, one outbox row, one HubSpot note", async () => {
    const key = randomUUID();
    const input = replySchema.parse({ conversationId: ticketId, body: "Il saute aussi le matin.", idempotencyKey: key });
    const first = await replyToConversation(stack.camille, input);
    expect(await replyToConversation(stack.camille, input)).toEqual(first);
    const db = await getDb();
    expect(await db.select().from(portalMessages).where(eq(portalMessages.body, "Il saute aussi le matin."))).toHaveLength(1);
    expect(await deliverPendingMessages(stack.camille)).toEqual([first.messageId]);
    const notes = customerNotes(stack.sandbox.store, "Il saute aussi le matin.");
    expect(notes).toHaveLength(1);
  });

  it("address: added once; the same key from another customer adds theirs", async () => {
    const key = randomUUID();
    const before = (await listAddresses(stack.camille)).length;
    const input = { label: "Atelier", line: "12 rue des Artisans", zip: "69007", city: "Lyon" };
    const first = await addAddress(stack.camille, input, new Date(), key);
    const again = await addAddress(stack.camille, input, new Date(), key);
    expect(again).toEqual(first);
    expect(await listAddresses(stack.camille)).toHaveLength(before + 1);
    const db = await currentDb();
    expect(await db.select().from(customerAddresses).where(eq(customerAddresses.line, "12 rue des Artisans"))).toHaveLength(1);

    const theirs = await addAddress(stack.antoine, { ...input, label: "Garage" }, new Date(), key);
    expect(theirs.id).not.toBe(first.id);
    expect(theirs.label).toBe("Garage");
    expect((await listAddresses(stack.camille)).find((a) => a.id === theirs.id)).toBeUndefined();
  });
});
