import { randomUUID } from "node:crypto";
import { recordedId } from "@/lib/hubspot/create-once";
import sharp from "sharp";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { outbox, portalMessages } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { installLiveBridge } from "@/lib/server/live-bridge";
import { getLiveBus } from "@/lib/live/process-bus";
import type { LiveEvent } from "@/lib/live/bus";
import { getMessageAttachment } from "@/lib/messages/attachments";
import { deliverMessage } from "@/lib/messages/deliver-message";
import { getThread, listConversationThreads } from "@/lib/messages/get-thread";
import { newConversationSchema, replySchema } from "@/lib/messages/schemas";
import { replyToConversation, startConversation, UPLOAD_PURPOSE } from "@/lib/messages/send-message";
import { storeUpload } from "@/lib/uploads/store-upload";
import { validateUpload } from "@/lib/uploads/validate-upload";
import { startPortalStack, until, type PortalStack } from "./support";

/**
 * A conversation round trip against the sandbox: customer message (with a GPS-tagged photo) →
 * committed locally and shown as pending → outbox handler → service-desk ticket + note + private
 * file in HubSpot (idempotent on retry) → staff reply through the sandbox's control endpoint →
 * webhook → visible in the thread, customer notified once (email + SMS). Antoine never reaches
 * Camille's conversation.
 */
let stack: PortalStack;
beforeAll(async () => {
  stack = await startPortalStack();
  installLiveBridge();
}, 120_000);
afterAll(async () => stack?.closeAll());

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    return isAppError(e) ? e.code : `raw:${String(e)}`;
  }
}

async function gpsPhoto(): Promise<Uint8Array> {
  const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#336699" } })
    .jpeg()
    .withExif({ IFD0: { Model: "Phone 15" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "2/1 21/1 0/1" } })
    .toBuffer();
  return new Uint8Array(jpeg);
}

describe("conversation round trip", () => {
  let ticketId = "";
  let messageId = "";

  it("commits the customer's message locally with its outbox row and shows it as pending", async () => {
    const upload = await storeUpload(stack.camille, UPLOAD_PURPOSE, await validateUpload(await gpsPhoto(), "tableau.jpg"));
    const input = newConversationSchema.parse({ kind: "quote_request", subject: "Devis borne de recharge", body: "Bonjour,\nJe voudrais un devis pour une borne.", uploadIds: [upload.id], idempotencyKey: randomUUID() });
    const live: LiveEvent[] = [];
    const off = getLiveBus().subscribe(stack.camille, (e) => live.push(e));
    const sent = await startConversation(stack.camille, input);
    off();
    messageId = sent.messageId;
    const db = await getDb();
    const rows = await db.select().from(outbox).where(eq(outbox.idempotencyKey, `message:${messageId}`));
    expect(rows).toHaveLength(1);
    expect(live.some((e) => e.id === messageId)).toBe(true);
    const list = await listConversationThreads(stack.camille);
    expect(list.pending.map((p) => p.subject)).toContain("Devis borne de recharge");
    // Someone else's upload cannot be attached.
    const again = newConversationSchema.parse({ kind: "after_sales", subject: "Autre", body: "x", uploadIds: [upload.id], idempotencyKey: randomUUID() });
    expect(await code(startConversation(stack.antoine, again))).toBe("VALIDATION");
  });

  it("delivers it as a service-desk ticket with a visible note and a metadata-free private file, once", async () => {
    const first = await deliverMessage({ messageId });
    const second = await deliverMessage({ messageId });
    expect(second).toEqual(first);
    ticketId = first.ticketId;
    const store = stack.sandbox.store;
    const ticket = store.getObject("tickets", ticketId)!;
    expect(ticket.properties.portal_request_id).toBe(messageId);
    expect(ticket.properties.request_kind).toBe("quote_request");
    expect(store.list("tickets").filter((t) => t.properties.portal_request_id === messageId)).toHaveLength(1);
    const note = store.getObject("notes", first.noteId)!;
    // No custom property on notes: the portal's header marks the customer's message, and its id is recorded in PostgreSQL.
    expect(note.properties.hs_note_body).toMatch(/^<p><strong>Message du client \(espace client\)<\/strong><\/p>/);
    expect(note.properties.hs_created_by_user_id ?? null).toBeNull();
    expect(await recordedId(`note:message:${messageId}`)).toBe(first.noteId);
    const fileId = note.properties.hs_attachment_ids!;
    const bytes = await store.fileData(fileId);
    const meta = await sharp(bytes!).metadata();
    expect(meta.exif).toBeUndefined();
    expect(store.fileMeta(fileId)?.access).toBe("PRIVATE");

    const thread = await getThread(stack.camille, ticketId);
    expect(thread.messages.map((m) => [m.author, m.pending])).toEqual([["customer", false]]);
    expect(thread.messages[0]!.body).toContain("Je voudrais un devis");
    // The thread names the attachment from HubSpot's file metadata (not « Pièce jointe 1 »), an image.
    expect(thread.attachments[fileId]).toMatchObject({ name: expect.stringMatching(/^tableau.*\.jpe?g$/), image: true });
    expect(thread.attachments[fileId]!.size).toBeGreaterThan(0);
    expect((await listConversationThreads(stack.camille)).pending).toEqual([]);
    const [row] = await (await getDb()).select().from(portalMessages).where(eq(portalMessages.id, messageId));
    expect(row?.status).toBe("sent");

    // The attachment reaches its owner without EXIF, and nobody else.
    const attachment = await getMessageAttachment(stack.camille, ticketId, fileId);
    expect(attachment.kind).toBe("image");
    if (attachment.kind === "image") expect((await sharp(attachment.bytes).metadata()).exif).toBeUndefined();
    expect(await code(getMessageAttachment(stack.antoine, ticketId, fileId))).toBe("NOT_FOUND");
  });

  it("keeps Antoine out of Camille's conversation", async () => {
    expect(await code(getThread(stack.antoine, ticketId))).toBe("NOT_FOUND");
    expect(await code(replyToConversation(stack.antoine, replySchema.parse({ conversationId: ticketId, body: "intrus", idempotencyKey: randomUUID() })))).toBe("NOT_FOUND");
  });

  it("shows a staff reply made in HubSpot and notifies the customer once (email + SMS)", async () => {
    const reply = await stack.control(`/tickets/${ticketId}/reply`, { body: "Bonjour, nous vous proposons une visite technique mardi." });
    expect(reply.status).toBe(201);
    const db = await getDb();
    const notices = await until(
      () => db.select().from(outbox).where(like(outbox.idempotencyKey, `service-reply:%`)),
      (rows) => rows.length >= 2,
    );
    expect(notices.map((n) => n.kind).sort()).toEqual(["email", "sms"]);
    const thread = await getThread(stack.camille, ticketId);
    expect(thread.messages.at(-1)).toMatchObject({ author: "staff", body: "Bonjour, nous vous proposons une visite technique mardi." });
    expect(thread.unread).toBe(true);
    // The same change seen again (HubSpot retry, second instance) enqueues nothing more.
    const { handleChange } = await import("@/lib/server/live-bridge");
    const stage = stack.sandbox.store.getObject("tickets", ticketId)!.properties.hs_pipeline_stage!;
    await handleChange({ objectType: "tickets", objectId: ticketId, subscriptionType: "ticket.propertyChange", propertyName: "hs_pipeline_stage", propertyValue: stage, contactIds: [stack.camille], occurredAt: Date.now(), eventId: "dup-1" });
    expect(await db.select().from(outbox).where(like(outbox.idempotencyKey, `service-reply:%`))).toHaveLength(2);
  });

  it("sees a second staff reply that does not move the ticket (note creation webhook) and notifies it once", async () => {
    const db = await getDb();
    const stageBefore = stack.sandbox.store.getObject("tickets", ticketId)!.properties.hs_pipeline_stage;
    const reply = await stack.control(`/tickets/${ticketId}/reply`, { body: "Précision : prévoir l'accès au tableau électrique." });
    expect(reply.status).toBe(201);
    const noteId = (reply.body as { noteId: string }).noteId;
    // The ticket stays "waiting for the customer": only the generic object.creation event for the note says something changed.
    expect(stack.sandbox.store.getObject("tickets", ticketId)!.properties.hs_pipeline_stage).toBe(stageBefore);
    const notices = await until(
      () => db.select().from(outbox).where(like(outbox.idempotencyKey, `service-reply:${noteId}:%`)),
      (rows) => rows.length >= 2,
    );
    expect(notices.map((n) => n.kind).sort()).toEqual(["email", "sms"]);
    const thread = await getThread(stack.camille, ticketId);
    expect(thread.messages.at(-1)).toMatchObject({ author: "staff", body: "Précision : prévoir l'accès au tableau électrique." });
    // Seen again (HubSpot retry, another instance): nothing more.
    const { handleChange } = await import("@/lib/server/live-bridge");
    await handleChange({ objectType: "notes", objectId: noteId, subscriptionType: "object.creation", contactIds: [], occurredAt: Date.now(), eventId: "dup-note" });
    expect(await db.select().from(outbox).where(like(outbox.idempotencyKey, `service-reply:${noteId}:%`))).toHaveLength(2);
  });

  it("a reply goes through the outbox too and moves the ticket back to the team", async () => {
    const sent = await replyToConversation(stack.camille, replySchema.parse({ conversationId: ticketId, body: "Mardi me convient.", idempotencyKey: randomUUID() }));
    const pending = await getThread(stack.camille, ticketId);
    expect(pending.messages.at(-1)).toMatchObject({ author: "customer", pending: true, body: "Mardi me convient." });
    await deliverMessage({ messageId: sent.messageId });
    const thread = await getThread(stack.camille, ticketId);
    expect(thread.messages.at(-1)).toMatchObject({ author: "customer", pending: false });
    expect(thread.unread).toBe(false);
    expect(thread.stage).toBe("waiting_staff");
  });
});
