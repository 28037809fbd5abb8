import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssociationSpecAssociationCategoryEnum } from "@hubspot/api-client/lib/codegen/crm/associations/v4";
import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from "@hubspot/api-client/lib/codegen/crm/properties";
import { sdkError, startSandbox, type TestSandbox } from "./fixtures";

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
});
afterAll(async () => {
  await t.sandbox.close();
});

describe("associations v4", () => {
  it("reads, creates with types, creates default, batch reads and archives", async () => {
    const page = await t.client.crm.associations.v4.basicApi.getPage("tickets", "10004", "contacts");
    expect(page.results).toHaveLength(1);
    expect(Number(page.results[0]!.toObjectId)).toBe(10001);
    expect(page.results[0]!.associationTypes[0]).toMatchObject({ category: "HUBSPOT_DEFINED", typeId: 16 });

    const created = await t.client.crm.associations.v4.basicApi.create("tickets", "10004", "contacts", "10002", [
      { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 16 },
    ]);
    expect(created).toMatchObject({ fromObjectTypeId: "0-5", toObjectTypeId: "0-1" });
    // both directions are stored
    const reverse = await t.client.crm.associations.v4.basicApi.getPage("contacts", "10002", "tickets");
    expect(reverse.results[0]!.associationTypes[0]!.typeId).toBe(15);

    const def = await t.client.crm.associations.v4.basicApi.createDefault("contacts", "10003", "tickets", "10004");
    expect(def.status).toBe("COMPLETE");
    expect(def.results.map((r) => r.associationSpec.associationTypeId).sort()).toEqual([15, 16]);

    const batch = await t.client.crm.associations.v4.batchApi.getPage("tickets", "contacts", { inputs: [{ id: "10004" }] });
    expect(batch.results[0]!.to.map((x) => Number(x.toObjectId))).toEqual([10001, 10002, 10003]);

    const note = await t.client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: "x", hs_timestamp: "2026-01-01T00:00:00Z" }, associations: [] });
    const bc = await t.client.crm.associations.v4.batchApi.create("notes", "tickets", {
      inputs: [{ _from: { id: note.id }, to: { id: "10004" }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 228 }] }],
    });
    expect(bc.status).toBe("COMPLETE");
    expect(Number(bc.results[0]!.toObjectId)).toBe(10004);

    await t.client.crm.associations.v4.batchApi.archive("tickets", "contacts", { inputs: [{ _from: { id: "10004" }, to: [{ id: "10002" }] }] });
    await t.client.crm.associations.v4.basicApi.archive("tickets", "10004", "contacts", "10003");
    const after = await t.client.crm.associations.v4.basicApi.getPage("tickets", "10004", "contacts");
    expect(after.results.map((r) => Number(r.toObjectId))).toEqual([10001]);
  });

  it("rejects association type ids that do not fit the object pair", async () => {
    const e = await sdkError(
      t.client.crm.associations.v4.basicApi.create("tickets", "10004", "contacts", "10002", [
        { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 200 },
      ]),
    );
    expect(e.code).toBe(400);
    expect(e.body.category).toBe("VALIDATION_ERROR");
  });

  it("lists association labels between two types", async () => {
    const labels = await t.client.crm.associations.v4.schema.definitionsApi.getAll("notes", "tickets");
    expect(labels.results.map((l) => l.typeId)).toEqual([228]);
  });
});

describe("properties, pipelines, owners", () => {
  it("lists, reads and creates properties; 409 on duplicates; validates definitions", async () => {
    const all = await t.client.crm.properties.coreApi.getAll("tickets");
    expect(all.results.some((p) => p.name === "intervention_type" && p.options.length === 5)).toBe(true);
    const one = await t.client.crm.properties.coreApi.getByName("contacts", "sage_customer_code");
    expect(one.groupName).toBe("duret_portal");
    const input = { name: "test_prop", label: "Test", type: PropertyCreateTypeEnum.String, fieldType: PropertyCreateFieldTypeEnum.Text, groupName: "duret_portal" };
    const created = await t.client.crm.properties.coreApi.create("contacts", input);
    expect(created.name).toBe("test_prop");
    expect((await sdkError(t.client.crm.properties.coreApi.create("contacts", input))).code).toBe(409);
    const bad = await sdkError(t.client.crm.properties.coreApi.create("contacts", { ...input, name: "Bad Name", fieldType: PropertyCreateFieldTypeEnum.Number }));
    expect(bad.code).toBe(400);
    // a created property is writable at once
    const c = await t.client.crm.contacts.basicApi.update("10001", { properties: { test_prop: "ok" } });
    expect(c.properties.test_prop).toBe("ok");
    const groups = await t.client.crm.properties.groupsApi.getAll("contacts");
    expect(groups.results.map((g) => g.name)).toContain("duret_portal");
    expect((await t.client.crm.properties.groupsApi.create("contacts", { name: "extra_group", label: "Extra" })).name).toBe("extra_group");
  });

  it("lists pipelines with stages and creates one with generated numeric ids", async () => {
    const tickets = await t.client.crm.pipelines.pipelinesApi.getAll("tickets");
    expect(tickets.results.map((p) => p.label)).toEqual(expect.arrayContaining(["Interventions", "Service client"]));
    const created = await t.client.crm.pipelines.pipelinesApi.create("tickets", {
      label: "Chantiers",
      displayOrder: 5,
      stages: [
        { label: "Ouvert", displayOrder: 0, metadata: { ticketState: "OPEN" } },
        { label: "Fermé", displayOrder: 1, metadata: { ticketState: "CLOSED" } },
      ],
    });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.stages.every((s) => /^\d+$/.test(s.id))).toBe(true);
    const stages = await t.client.crm.pipelines.pipelineStagesApi.getAll("tickets", created.id);
    expect(stages.results.map((s) => s.label)).toEqual(["Ouvert", "Fermé"]);
    expect((await sdkError(t.client.crm.pipelines.pipelinesApi.getById("tickets", "nope"))).code).toBe(404);
  });

  it("lists owners with paging and gets one by id", async () => {
    const page = await t.client.crm.owners.ownersApi.getPage(undefined, undefined, 1);
    expect(page.results[0]!.email).toBe("paul.technicien@duret.fr");
    expect(page.paging?.next?.after).toBeDefined();
    const next = await t.client.crm.owners.ownersApi.getPage(undefined, page.paging!.next!.after, 1);
    expect(next.results[0]!.id).toBe("502");
    const one = await t.client.crm.owners.ownersApi.getById(501);
    expect(one.firstName).toBe("Paul");
  });
});

describe("files v3", () => {
  it("uploads privately, reads metadata, signs URLs and refuses unsigned/tampered/expired access", async () => {
    const bytes = Buffer.from("%PDF-1.4 fake report");
    const uploaded = await t.client.files.filesApi.upload(
      { data: bytes, name: "rapport.pdf" },
      undefined,
      "/interventions/10004",
      "rapport-10004.pdf",
      undefined,
      JSON.stringify({ access: "PRIVATE" }),
    );
    const id = String((uploaded as { id: string }).id);
    expect(uploaded).toMatchObject({ name: "rapport-10004", extension: "pdf", access: "PRIVATE", size: bytes.length, type: "DOCUMENT" });

    const meta = (await t.client.files.filesApi.getById(id)) as { path: string; url: string };
    expect(meta.path).toBe("/interventions/10004/rapport-10004.pdf");
    expect((await fetch(meta.url)).status).toBe(403); // the file's own URL is private

    const signed = await t.client.files.filesApi.getSignedUrl(id, undefined, 60);
    expect(signed.expiresAt).toBeInstanceOf(Date);
    expect(signed).toMatchObject({ name: "rapport-10004", extension: "pdf", size: bytes.length });
    const ok = await fetch(signed.url);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).toString()).toBe(bytes.toString());

    const url = new URL(signed.url);
    url.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 1000));
    expect((await fetch(url)).status).toBe(403); // tampered expiry
    url.searchParams.delete("signature");
    expect((await fetch(url)).status).toBe(403); // unsigned
    const expired = await t.client.files.filesApi.getSignedUrl(id, undefined, 1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await fetch(expired.url)).status).toBe(403); // expired

    const dl = await t.client.apiRequest({ method: "GET", path: `/files/v3/files/${id}/download` });
    expect(Buffer.from(await dl.arrayBuffer()).toString()).toBe(bytes.toString());
    expect((await t.raw("GET", `/files/v3/files/${id}/download`, { token: null })).status).toBe(401);

    await t.client.files.filesApi.archive(id);
    expect((await sdkError(t.client.files.filesApi.getById(id))).code).toBe(404);
  });

  it("refuses uploads without access option", async () => {
    const e = await sdkError(t.client.files.filesApi.upload({ data: Buffer.from("x"), name: "a.txt" }, undefined, "/x", "a.txt"));
    expect(e.code).toBe(400);
  });
});
