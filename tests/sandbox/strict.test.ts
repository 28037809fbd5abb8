import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { projectScopes } from "@/lib/hubspot/project";
import { strictnessFromEnv } from "@/sandbox/strict";
import { startSandbox, TOKEN, type TestSandbox } from "./fixtures";

describe("the sandbox's strict behaviours (on by default, switchable for diagnosis)", () => {
  let t: TestSandbox;
  let ticketId: string;
  let contactId: string;
  beforeAll(async () => {
    t = await startSandbox();
    ticketId = t.sandbox.store.list("tickets")[0]!.id;
    contactId = t.sandbox.store.list("contacts")[0]!.id;
  });
  beforeEach(async () => {
    await t.control("strict", { batchMultiStatus: true, stringValues: true, refuseProperties: [], scopes: projectScopes() });
  });
  afterAll(async () => {
    await t?.sandbox.close();
  });

  it("defaults to strict, each switch read from the environment", () => {
    expect(strictnessFromEnv({})).toEqual({ batchMultiStatus: true, stringValues: true, refuseProperties: [], scopes: projectScopes() });
    expect(strictnessFromEnv({ SANDBOX_STRICT_BATCH: "off", SANDBOX_STRICT_STRINGS: "0", SANDBOX_REFUSE_PROPERTIES: "tickets.satisfaction_nps, notes.portal_visible", SANDBOX_TOKEN_SCOPES: "tickets" })).toEqual({
      batchMultiStatus: false,
      stringValues: false,
      refuseProperties: ["tickets.satisfaction_nps", "notes.portal_visible"],
      scopes: ["tickets"],
    });
    expect(projectScopes()).toContain("tickets");
  });

  it("answers a batch read with unknown ids 207 and HubSpot's per-item errors; 200 with the same body when switched off", async () => {
    const body = JSON.stringify({ inputs: [{ id: ticketId }, { id: "999999" }], properties: ["subject"] });
    const strict = await t.raw("POST", "/crm/v3/objects/tickets/batch/read", { body });
    expect(strict.status).toBe(207);
    expect(strict.body).toMatchObject({
      status: "COMPLETE",
      results: [{ id: ticketId }],
      numErrors: 1,
      errors: [{ status: "error", category: "OBJECT_NOT_FOUND", message: expect.any(String), context: { ids: ["999999"] } }],
    });
    await t.control("strict", { batchMultiStatus: false });
    const loose = await t.raw("POST", "/crm/v3/objects/tickets/batch/read", { body });
    expect(loose.status).toBe(200);
    expect(loose.body).toMatchObject({ numErrors: 1, results: [{ id: ticketId }] });
  });

  it("sends every property value as a string; numbers and booleans as JSON when switched off", async () => {
    const patch = JSON.stringify({ properties: { geo_lat: 45.764, portal_marketing_consent: true } });
    expect((await t.raw("PATCH", `/crm/v3/objects/contacts/${contactId}`, { body: patch })).status).toBe(200);
    const path = `/crm/v3/objects/contacts/${contactId}?properties=geo_lat,portal_marketing_consent`;
    const strict = await t.raw("GET", path);
    expect(strict.body.properties).toMatchObject({ geo_lat: "45.764", portal_marketing_consent: "true" });
    const searched = await t.raw("POST", "/crm/v3/objects/contacts/batch/read", { body: JSON.stringify({ inputs: [{ id: contactId }], properties: ["geo_lat"] }) });
    expect(searched.body.results[0].properties.geo_lat).toBe("45.764");
    await t.control("strict", { stringValues: false });
    const loose = await t.raw("GET", path);
    expect(loose.body.properties).toMatchObject({ geo_lat: 45.764, portal_marketing_consent: true });
  });

  it("refuses a property listed in refuseProperties with HubSpot's 400, and creates the others", async () => {
    await t.control("strict", { refuseProperties: ["tickets.sandbox_refused"] });
    const input = (name: string) => JSON.stringify({ name, label: name, type: "string", fieldType: "text", groupName: "duret_portal" });
    const refused = await t.raw("POST", "/crm/v3/properties/tickets", { body: input("sandbox_refused") });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: "error", category: "VALIDATION_ERROR", message: expect.stringContaining("sandbox_refused"), correlationId: expect.any(String) });
    expect((await t.raw("POST", "/crm/v3/properties/tickets", { body: input("sandbox_allowed") })).status).toBe(201);
    expect((await t.raw("POST", "/crm/v3/properties/contacts", { body: input("sandbox_refused") })).status).toBe(201);
  });

  it("introspects its token: the committed project's scopes, or those set for the test; 401 for another token", async () => {
    const info = await t.raw("POST", "/oauth/v2/private-apps/get/access-token-info", { body: JSON.stringify({ tokenKey: TOKEN }) });
    expect(info.status).toBe(200);
    expect(info.body).toEqual({ userId: expect.any(Number), hubId: 24100001, appId: expect.any(Number), scopes: projectScopes() });
    await t.control("strict", { scopes: ["tickets"] });
    const oauth = await t.raw("GET", `/oauth/v1/access-tokens/${TOKEN}`);
    expect(oauth.body).toMatchObject({ hub_id: 24100001, scopes: ["tickets"], token_type: "access" });
    expect((await t.raw("POST", "/oauth/v2/private-apps/get/access-token-info", { body: JSON.stringify({ tokenKey: "someone-else" }) })).status).toBe(401);
  });
});
