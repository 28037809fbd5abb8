import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssociationSpecAssociationCategoryEnum } from "@hubspot/api-client/lib/codegen/crm/contacts";
import { sdkError, startSandbox, UUID, type TestSandbox } from "./fixtures";

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
});
afterAll(async () => {
  await t.sandbox.close();
});

describe("CRM objects v3 through the SDK", () => {
  it("gets a contact with HubSpot's default properties, requested properties and associations", async () => {
    const c = await t.client.crm.contacts.basicApi.getById("10001");
    expect(c.id).toBe("10001");
    expect(c.createdAt).toBeInstanceOf(Date);
    expect(Object.keys(c.properties).sort()).toEqual(["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"]);

    const withProps = await t.client.crm.contacts.basicApi.getById("10001", ["sage_customer_code", "phone", "not_a_property"]);
    expect(withProps.properties.sage_customer_code).toBe("CLI001");
    expect(withProps.properties.phone).toBeNull(); // known but empty
    expect("not_a_property" in withProps.properties).toBe(false); // unknown: silently left out

    const ticket = await t.client.crm.tickets.basicApi.getById("10004", ["subject"], undefined, ["contacts"]);
    expect(ticket.associations?.contacts?.results).toEqual([{ id: "10001", type: "ticket_to_contact" }]);
  });

  it("accepts comma-separated properties and object type ids in the generic path", async () => {
    const r = await t.raw("GET", "/crm/v3/objects/0-1/10002?properties=city,sage_customer_code");
    expect(r.status).toBe(200);
    expect(r.body.properties.city).toBe("Villeurbanne");
    expect(r.body.properties.sage_customer_code).toBe("CLI002");
    const dated = await t.raw("GET", "/crm/objects/2026-03/contacts/10002?properties=city");
    expect(dated.body.properties.city).toBe("Villeurbanne");
  });

  it("reads by idProperty=email", async () => {
    const c = await t.client.crm.contacts.basicApi.getById("sophie.bernard@example.fr", ["city"], undefined, undefined, false, "email");
    expect(c.id).toBe("10003");
  });

  it("creates with associations, updates, archives", async () => {
    const created = await t.client.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: "Bonjour", hs_timestamp: "1767225600000" },
      associations: [{ to: { id: "10004" }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 228 }] }],
    });
    expect(created.properties.hs_timestamp).toBe("2026-01-01T00:00:00.000Z"); // epoch ms normalised to ISO
    expect(created.properties.hs_object_id).toBe(created.id);
    const ticket = await t.client.crm.tickets.basicApi.getById("10004", undefined, undefined, ["notes"]);
    expect(ticket.associations?.notes?.results.map((r) => r.id)).toContain(created.id);

    const updated = await t.client.crm.objects.notes.basicApi.update(created.id, { properties: { hs_note_body: "Modifié" } });
    expect(updated.properties.hs_note_body).toBe("Modifié");
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    await t.client.crm.objects.notes.basicApi.archive(created.id);
    expect((await sdkError(t.client.crm.objects.notes.basicApi.getById(created.id))).code).toBe(404);
    const archived = await t.client.crm.objects.notes.basicApi.getById(created.id, undefined, undefined, undefined, true);
    expect(archived.archived).toBe(true);
  });

  it("refuses a duplicate contact email with 409 and the existing id", async () => {
    const e = await sdkError(t.client.crm.contacts.basicApi.create({ properties: { email: "CAMILLE.martin@example.fr" }, associations: [] }));
    expect(e.code).toBe(409);
    expect(e.body.message).toBe("Contact already exists. Existing ID: 10001");
    expect(e.body.category).toBe("CONFLICT");
  });

  it("rejects unknown properties with HubSpot's VALIDATION_ERROR body", async () => {
    const e = await sdkError(t.client.crm.contacts.basicApi.create({ properties: { email: "x@example.fr", favourite_colour: "blue" }, associations: [] }));
    expect(e.code).toBe(400);
    expect(e.body.status).toBe("error");
    expect(e.body.category).toBe("VALIDATION_ERROR");
    expect(e.body.message).toMatch(/^Property values were not valid: /);
    expect(e.body.message).toContain("PROPERTY_DOESNT_EXIST");
    expect(e.body.correlationId).toMatch(UUID);
    expect(e.body.errors[0].code).toBe("PROPERTY_DOESNT_EXIST");
    expect(e.headers["x-hubspot-correlation-id"]).toBe(e.body.correlationId);
    // invalid enumeration option and number
    const bad = await t.raw("PATCH", "/crm/v3/objects/tickets/10004", { body: JSON.stringify({ properties: { intervention_type: "astrologie", satisfaction_nps: "dix" } }) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((x: { code: string }) => x.code).sort()).toEqual(["INVALID_FLOAT", "INVALID_OPTION"]);
  });

  it("validates ticket pipeline stages", async () => {
    const e = await t.raw("POST", "/crm/v3/objects/tickets", { body: JSON.stringify({ properties: { subject: "x", hs_pipeline: "12345601", hs_pipeline_stage: "999" } }) });
    expect(e.status).toBe(400);
    const ok = await t.client.crm.tickets.basicApi.create({ properties: { subject: "Prise grillée", hs_pipeline: "12345601", hs_pipeline_stage: "12345611" }, associations: [] });
    expect(ok.properties.hs_pipeline_stage).toBe("12345611");
  });

  it("pages with limit/after", async () => {
    const first = await t.client.crm.contacts.basicApi.getPage(2);
    expect(first.results.map((r) => r.id)).toEqual(["10001", "10002"]);
    expect(first.paging?.next?.after).toBeDefined();
    const second = await t.client.crm.contacts.basicApi.getPage(2, first.paging!.next!.after);
    expect(second.results[0]!.id).toBe("10003");
  });

  it("batch read returns 207 errors for missing ids; batch create/update/upsert work", async () => {
    const read = await t.client.crm.contacts.batchApi.read({ inputs: [{ id: "10001" }, { id: "99999" }], properties: ["email"], propertiesWithHistory: [] });
    expect(read.status).toBe("COMPLETE");
    expect(read.results.map((r) => r.id)).toEqual(["10001"]);
    expect((read as { errors?: { category: string; context: { ids: string[] } }[] }).errors?.[0]?.context.ids).toEqual(["99999"]);
    const raw = await t.raw("POST", "/crm/v3/objects/contacts/batch/read", { body: JSON.stringify({ inputs: [{ id: "99999" }] }) });
    expect(raw.status).toBe(207);

    const created = await t.client.crm.lineItems.batchApi.create({
      inputs: [
        { properties: { name: "Disjoncteur 20A", price: "25.5", quantity: "2" }, associations: [] },
        { properties: { name: "Main d'œuvre", price: "60", quantity: "1" }, associations: [] },
      ],
    });
    expect(created.results).toHaveLength(2);
    const updated = await t.client.crm.lineItems.batchApi.update({ inputs: created.results.map((r) => ({ id: r.id, properties: { quantity: "3" } })) });
    expect(updated.results.every((r) => r.properties.quantity === "3")).toBe(true);

    const upsert = await t.client.crm.contacts.batchApi.upsert({
      inputs: [
        { id: "camille.martin@example.fr", idProperty: "email", properties: { city: "Caluire" } },
        { id: "nouveau@example.fr", idProperty: "email", properties: { firstname: "Nouveau" } },
      ],
    });
    const byNew = Object.fromEntries(upsert.results.map((r) => [String(r._new), r]));
    expect(byNew.false?.id).toBe("10001");
    expect(byNew.true?.properties.email).toBe("nouveau@example.fr");
  });

  it("refuses batches over 100 inputs", async () => {
    const r = await t.raw("POST", "/crm/v3/objects/contacts/batch/read", { body: JSON.stringify({ inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i) })) }) });
    expect(r.status).toBe(400);
    expect(r.body.category).toBe("VALIDATION_ERROR");
  });

  it("serves deals, quotes, meetings and invoices through their SDK namespaces", async () => {
    const deal = await t.client.crm.deals.basicApi.create({ properties: { dealname: "Rénovation tableau", amount: "1200" }, associations: [] });
    expect(deal.properties.pipeline).toBe("default");
    const quote = await t.client.crm.quotes.basicApi.create({ properties: { hs_title: "Devis 42", hs_expiration_date: "2026-03-01" }, associations: [] });
    expect(quote.properties.hs_expiration_date).toBe("2026-03-01");
    const meeting = await t.client.crm.objects.meetings.basicApi.create({
      properties: { hs_timestamp: "2026-02-01T09:00:00Z", hs_meeting_title: "Visite", hs_meeting_outcome: "SCHEDULED" },
      associations: [{ to: { id: "10001" }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 200 }] }],
    });
    expect(meeting.properties.hs_meeting_title).toBe("Visite");
    const invoice = await t.client.crm.commerce.invoices.basicApi.create({ properties: { hs_currency: "EUR", sage_invoice_number: "FA-1" }, associations: [] });
    const page = await t.client.crm.commerce.invoices.basicApi.getPage(10, undefined, ["sage_invoice_number"]);
    expect(page.results.find((r) => r.id === invoice.id)?.properties.sage_invoice_number).toBe("FA-1");
  });

  it("GDPR-deletes a contact for good and records it", async () => {
    const c = await t.client.crm.contacts.basicApi.create({ properties: { email: "rgpd@example.fr" }, associations: [] });
    await t.client.crm.contacts.basicApi.purge({ objectId: "rgpd@example.fr", idProperty: "email" });
    expect((await sdkError(t.client.crm.contacts.basicApi.getById(c.id, undefined, undefined, undefined, true))).code).toBe(404);
    const list = await t.control("gdpr-deletions");
    expect(list.body.results.map((d: { objectId: string }) => d.objectId)).toContain(c.id);
  });

  it("answers HubSpot's error bodies for unknown ids, types, routes and bad JSON", async () => {
    const missing = await sdkError(t.client.crm.contacts.basicApi.getById("424242"));
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({ status: "error", message: "resource not found", category: "OBJECT_NOT_FOUND" });
    const unknownType = await t.raw("GET", "/crm/v3/objects/unicorns");
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.message).toBe("Unable to infer object type from: unicorns");
    const route = await t.raw("GET", "/crm/v3/nowhere");
    expect(route.status).toBe(404);
    expect(route.body.status).toBe("error");
    const json = await t.raw("POST", "/crm/v3/objects/contacts", { body: '{"properties": {"email": "a@b.c",}}' });
    expect(json.status).toBe(400);
    expect(json.body.message).toMatch(/^Invalid input JSON on line 1, column \d+: /);
    const noToken = await t.raw("GET", "/crm/v3/objects/contacts", { token: null });
    expect(noToken.status).toBe(401);
    expect(noToken.body.category).toBe("INVALID_AUTHENTICATION");
    expect(noToken.body.message).toMatch(/^Authentication credentials not found/);
    const badToken = await sdkError(
      new (await import("@hubspot/api-client")).Client({ accessToken: "wrong", basePath: t.sandbox.url }).crm.contacts.basicApi.getPage(),
    );
    expect(badToken.code).toBe(401);
  });
});
