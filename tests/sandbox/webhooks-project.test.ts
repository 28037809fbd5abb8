import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ASSOCIATION_TYPES } from "@/lib/hubspot/spec";
import { startSandbox, type TestSandbox } from "./fixtures";

/**
 * The sandbox sends what the committed HubSpot project subscribes to (hubspot/…/webhooks-hsmeta.json),
 * as HubSpot would: a property change only for a subscribed property, association changes in
 * HubSpot's shapes, engagements through generic `object.*` subscriptions. Each test drains the
 * sandbox's queue before looking, so "no event" is a fact, not a wait.
 */

let received: any[] = [];
let receiver: Server;
let t: TestSandbox;
const TICKET = "10004"; // fixtureSeed: the ticket linked to the first contact (10001)
const CONTACT = "10001";

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push(...(JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown[]));
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/hubspot`;
  t = await startSandbox({ webhook: { url, secret: "project-webhooks-secret", portalId: 24100001, batchDelayMs: 0 } });
});
beforeEach(() => {
  received = [];
});
afterAll(async () => {
  await t.sandbox.close();
  await new Promise((r) => receiver.close(r));
});

const drained = async () => {
  await t.sandbox.drainWebhooks();
  return received;
};

describe("webhooks follow the HubSpot project's subscriptions", () => {
  it("a subscribed property change sends one event naming it; an unsubscribed one sends none", async () => {
    await t.client.crm.tickets.basicApi.update(TICKET, { properties: { subject: "Prise grillée", hs_ticket_priority: "HIGH" } });
    const events = await drained();
    expect(events.filter((e) => e.objectId === Number(TICKET))).toEqual([
      expect.objectContaining({ subscriptionType: "ticket.propertyChange", propertyName: "subject", propertyValue: "Prise grillée" }),
    ]);
    expect(events.some((e) => e.propertyName === "hs_ticket_priority")).toBe(false);
  });

  it("a contact↔ticket association added or removed sends contact.associationChange in HubSpot's classic shape", async () => {
    const ticket = await t.client.crm.tickets.basicApi.create({ properties: { subject: "Nouvelle demande" }, associations: [] });
    await drained();
    received = [];
    await t.client.crm.associations.v4.basicApi.create("contacts", CONTACT, "tickets", ticket.id, [
      { associationCategory: "HUBSPOT_DEFINED" as any, associationTypeId: ASSOCIATION_TYPES.contact_to_ticket },
    ]);
    const added = (await drained()).filter((e) => e.subscriptionType.endsWith(".associationChange"));
    // Only the contact's end is subscribed (ticket.associationChange is not): one event.
    expect(added).toEqual([
      expect.objectContaining({
        subscriptionType: "contact.associationChange",
        associationType: "CONTACT_TO_TICKET",
        fromObjectId: Number(CONTACT),
        toObjectId: Number(ticket.id),
        associationRemoved: false,
        isPrimaryAssociation: false,
      }),
    ]);
    expect(added[0]).not.toHaveProperty("objectId");
    received = [];
    await t.client.crm.associations.v4.basicApi.archive("tickets", ticket.id, "contacts", CONTACT);
    const removed = (await drained()).filter((e) => e.subscriptionType.endsWith(".associationChange"));
    expect(removed).toEqual([expect.objectContaining({ subscriptionType: "contact.associationChange", associationType: "CONTACT_TO_TICKET", fromObjectId: Number(CONTACT), toObjectId: Number(ticket.id), associationRemoved: true })]);
  });

  it("a note on a ticket sends object.creation (objectTypeId 0-46) and the note's generic associationChange, not a classic one", async () => {
    const note = await t.client.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: "Bonjour", hs_timestamp: "2026-01-02T09:00:00Z" },
      associations: [{ to: { id: TICKET }, types: [{ associationCategory: "HUBSPOT_DEFINED" as any, associationTypeId: ASSOCIATION_TYPES.note_to_ticket }] }],
    });
    const events = await drained();
    expect(events.filter((e) => e.subscriptionType === "object.creation")).toEqual([
      expect.objectContaining({ objectId: Number(note.id), objectTypeId: "0-46", changeFlag: "NEW" }),
    ]);
    // Classic ticket.associationChange is not subscribed and would not fire for a note anyway.
    expect(events.filter((e) => e.subscriptionType.endsWith(".associationChange"))).toEqual([
      expect.objectContaining({
        subscriptionType: "object.associationChange",
        fromObjectTypeId: "0-46",
        fromObjectId: Number(note.id),
        toObjectTypeId: "0-5",
        toObjectId: Number(TICKET),
        associationTypeId: ASSOCIATION_TYPES.note_to_ticket,
        associationRemoved: false,
      }),
    ]);
    // Notes' property changes come only for subscribed properties, through object.propertyChange.
    received = [];
    await t.client.crm.objects.notes.basicApi.update(note.id, { properties: { hs_note_body: "Bonjour !" } });
    expect(await drained()).toEqual([expect.objectContaining({ subscriptionType: "object.propertyChange", objectTypeId: "0-46", propertyName: "hs_note_body" })]);
  });

  it("deletions are sent when subscribed; creations of a type without a creation subscription are not", async () => {
    const line = await t.client.crm.lineItems.basicApi.create({ properties: { name: "Disjoncteur", quantity: "1", price: "20" }, associations: [] });
    expect(await drained()).toEqual([]);
    await t.client.crm.lineItems.basicApi.archive(line.id);
    expect(await drained()).toEqual([expect.objectContaining({ subscriptionType: "line_item.deletion", objectId: Number(line.id), changeFlag: "DELETED" })]);
  });

  it("`all` (SANDBOX_WEBHOOKS, or POST /_sandbox/webhooks) sends every change for diagnosis, and `project` goes back", async () => {
    expect((await t.control("/webhooks")).body.subscriptions).toBe("project");
    expect((await t.control("/webhooks", { subscriptions: "everything" })).status).toBe(400);
    expect((await t.control("/webhooks", { subscriptions: "all" })).body).toEqual({ subscriptions: "all" });
    try {
      await t.client.crm.tickets.basicApi.update(TICKET, { properties: { hs_ticket_priority: "LOW" } });
      expect(await drained()).toEqual([expect.objectContaining({ subscriptionType: "ticket.propertyChange", propertyName: "hs_ticket_priority" })]);
    } finally {
      await t.control("/webhooks", { subscriptions: "project" });
    }
    received = [];
    await t.client.crm.tickets.basicApi.update(TICKET, { properties: { hs_ticket_priority: "MEDIUM" } });
    expect(await drained()).toEqual([]);
  });
});
