import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TestSandbox } from "./fixtures";

/**
 * HubSpot's search index lags behind writes (sandbox/search-index.ts): a read by id sees a write at
 * once, search only after the lag. The sandbox's clock is injected: no test waits on real time.
 */
let t: TestSandbox;
let now = Date.parse("2026-03-02T09:00:00Z");
const LAG = 5_000;

beforeAll(async () => {
  t = await startSandbox({ searchLagMs: LAG, clock: { now: () => now, sleep: async () => undefined } });
});
afterAll(async () => {
  await t.sandbox.close();
});

const searchByEmail = async (email: string) =>
  (await t.raw("POST", "/crm/v3/objects/contacts/search", { body: JSON.stringify({ filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }], properties: ["email", "city"] }) })).body as {
    total: number;
    results: { id: string; properties: Record<string, string | null> }[];
  };

describe("search index lag", () => {
  it("a new object is read by id at once, found by search only after the lag", async () => {
    const created = await t.raw("POST", "/crm/v3/objects/contacts", { body: JSON.stringify({ properties: { email: "nouveau.client@example.fr", city: "Lyon" } }) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await t.raw("GET", `/crm/v3/objects/contacts/${id}?properties=email`)).body.properties.email).toBe("nouveau.client@example.fr");
    expect((await searchByEmail("nouveau.client@example.fr")).total).toBe(0);
    now += LAG - 1;
    expect((await searchByEmail("nouveau.client@example.fr")).total).toBe(0);
    now += 1;
    const found = await searchByEmail("nouveau.client@example.fr");
    expect(found.results.map((r) => r.id)).toEqual([id]);
  });

  it("a change shows the old values in search until the lag after the last write", async () => {
    const [c] = (await searchByEmail("camille.martin@example.fr")).results;
    expect(c?.properties.city).toBe("Lyon");
    await t.raw("PATCH", `/crm/v3/objects/contacts/${c!.id}`, { body: JSON.stringify({ properties: { city: "Bron" } }) });
    now += LAG / 2;
    await t.raw("PATCH", `/crm/v3/objects/contacts/${c!.id}`, { body: JSON.stringify({ properties: { city: "Vénissieux" } }) });
    now += LAG / 2 + 1;
    expect((await searchByEmail("camille.martin@example.fr")).results[0]?.properties.city).toBe("Lyon");
    now += LAG / 2;
    expect((await searchByEmail("camille.martin@example.fr")).results[0]?.properties.city).toBe("Vénissieux");
  });

  it("an archived object is still found by search until the lag has passed", async () => {
    const [s] = (await searchByEmail("sophie.bernard@example.fr")).results;
    expect((await t.raw("DELETE", `/crm/v3/objects/contacts/${s!.id}`)).status).toBe(204);
    expect((await t.raw("GET", `/crm/v3/objects/contacts/${s!.id}`)).status).toBe(404);
    expect((await searchByEmail("sophie.bernard@example.fr")).total).toBe(1);
    now += LAG;
    expect((await searchByEmail("sophie.bernard@example.fr")).total).toBe(0);
  });

  it("is switchable for diagnosis: lag 0 makes search read the store", async () => {
    expect((await t.control("search-lag", { ms: 0 })).body).toEqual({ ms: 0 });
    await t.raw("POST", "/crm/v3/objects/contacts", { body: JSON.stringify({ properties: { email: "immediat@example.fr" } }) });
    expect((await searchByEmail("immediat@example.fr")).total).toBe(1);
    expect((await t.control("search-lag", { ms: LAG })).body).toEqual({ ms: LAG });
  });
});

describe("custom properties where HubSpot documents none", () => {
  it("refuses a portal property on notes and meetings, as an unknown property", async () => {
    for (const [type, props] of [
      ["notes", { hs_note_body: "x", hs_timestamp: "2026-03-02T09:00:00Z", portal_visible: "true" }],
      ["meetings", { hs_timestamp: "2026-03-02T09:00:00Z", hs_meeting_title: "x", portal_booking_id: "b1" }],
    ] as const) {
      const res = await t.raw("POST", `/crm/v3/objects/${type}`, { body: JSON.stringify({ properties: props }) });
      expect(res.status, type).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/PROPERTY_DOESNT_EXIST|does not exist/);
    }
  });

  it("refuses to create a custom property on notes and meetings through the properties API", async () => {
    for (const type of ["notes", "meetings"]) {
      const res = await t.raw("POST", `/crm/v3/properties/${type}`, {
        body: JSON.stringify({ name: "portal_visible", label: "Visible", type: "bool", fieldType: "booleancheckbox", groupName: `${type.slice(0, -1)}information`, options: [] }),
      });
      expect(res.status, type).toBeGreaterThanOrEqual(400);
      expect(res.status, type).toBeLessThan(500);
    }
    const ok = await t.raw("POST", "/crm/v3/properties/tickets", {
      body: JSON.stringify({ name: "portal_test_prop", label: "Test", type: "string", fieldType: "text", groupName: "ticketinformation" }),
    });
    expect(ok.status).toBe(201);
  });
});
