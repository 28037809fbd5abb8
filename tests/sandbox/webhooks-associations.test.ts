import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheTags } from "@/lib/hubspot/cache";
import { onHubSpotChange, type HubSpotChange } from "@/lib/hubspot/events";
import { getHubSpotClient } from "@/lib/hubspot/client";
import { listInterventions } from "@/lib/hubspot/queries";
import { effectOf } from "@/lib/hubspot/webhooks";
import { ASSOCIATION_TYPES } from "@/lib/hubspot/spec";
import { startStack, type Stack } from "../hubspot/support/stack";
import { fixtureSeed } from "./fixtures";

/**
 * The sandbox's association events through the portal's real webhook handler: a ticket linked to
 * a customer after their list was cached appears on their next view, not after the cache's TTL.
 */
describe("association changes reach the portal's cache", () => {
  let stack: Stack;
  const contactId = "10001"; // fixtureSeed's first contact, with one ticket
  const changes: HubSpotChange[] = [];
  let off: () => void;
  beforeAll(async () => {
    stack = await startStack(fixtureSeed, { webhooks: true });
    off = onHubSpotChange((c) => changes.push(c));
  });
  afterAll(async () => {
    off?.();
    await stack?.close();
  });

  it("a ticket linked to a customer later shows in their cached list at once", async () => {
    const before = await listInterventions(contactId);
    const ticket = await getHubSpotClient().crm.tickets.basicApi.create({
      properties: { subject: "Tableau électrique à remplacer", hs_pipeline: "12345601", hs_pipeline_stage: "12345611" },
      associations: [],
    });
    await stack.sandbox.drainWebhooks(); // its creation event: no owner yet, nothing of the contact's to drop
    expect((await listInterventions(contactId)).map((i) => i.id)).toEqual(before.map((i) => i.id));

    await getHubSpotClient().crm.associations.v4.basicApi.create("tickets", ticket.id, "contacts", contactId, [
      { associationCategory: "HUBSPOT_DEFINED" as any, associationTypeId: ASSOCIATION_TYPES.ticket_to_contact },
    ]);
    await stack.sandbox.drainWebhooks();
    expect(changes.find((c) => c.subscriptionType === "contact.associationChange")?.contactIds).toEqual([contactId]);
    expect((await listInterventions(contactId)).map((i) => i.id)).toContain(ticket.id);

    await getHubSpotClient().crm.associations.v4.basicApi.archive("contacts", contactId, "tickets", ticket.id);
    await stack.sandbox.drainWebhooks();
    expect((await listInterventions(contactId)).map((i) => i.id)).not.toContain(ticket.id);
  });

  it("drops both ends' tags: the customer's list for a classic event, the ticket's notes for a generic one", async () => {
    const classic = await effectOf({
      eventId: "1",
      subscriptionType: "contact.associationChange",
      associationType: "CONTACT_TO_TICKET",
      fromObjectId: contactId,
      toObjectId: "10004",
      associationRemoved: false,
    });
    expect(classic.tags).toEqual(expect.arrayContaining([cacheTags.contact(contactId), cacheTags.ticket("10004"), cacheTags.contactList(contactId, "tickets")]));
    const note = await getHubSpotClient().crm.objects.notes.basicApi.create({ properties: { hs_note_body: "Réponse", hs_timestamp: "2026-01-02T09:00:00Z" }, associations: [] });
    const generic = await effectOf({
      eventId: "2",
      subscriptionType: "object.associationChange",
      fromObjectTypeId: "0-46",
      fromObjectId: note.id,
      toObjectTypeId: "0-5",
      toObjectId: "10004",
      associationRemoved: true,
    });
    expect(generic.tags).toEqual(expect.arrayContaining([cacheTags.note(note.id), cacheTags.ticket("10004"), cacheTags.ticketNotes("10004")]));
    expect(generic.change?.objectType).toBe("notes");
  });
});
