import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Signature } from "@hubspot/api-client";
import { emptyState, stageIdByKey } from "@/sandbox/state";
import { signV1 } from "@/sandbox/webhooks";
import { startSandbox, type TestSandbox } from "./fixtures";

const SECRET = "webhook-secret-for-tests";
interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
  events: any[];
}
let received: Received[] = [];
let replies: number[] = []; // status codes to answer, in order (then 200)
let receiver: Server;
let receiverUrl: string;
let t: TestSandbox;

/** The sandbox's clock for injected network conditions: virtual milliseconds, recorded waits. */
const clock = {
  at: 1_800_000_000_000,
  waits: [] as number[],
  now: () => clock.at,
  sleep: async (ms: number) => {
    clock.waits.push(ms);
    clock.at += ms;
  },
};

/** Polls until `fn` answers (bounded by the test's own timeout, not by a guess of the machine's speed). */
async function waitFor<T>(fn: () => T | undefined): Promise<T> {
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}
const findEvent = (pred: (e: any) => boolean) => () => {
  for (const r of received) for (const e of r.events) if (pred(e)) return { r, e };
  return undefined;
};

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body, events: JSON.parse(body) });
      res.writeHead(replies.shift() ?? 200);
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/hubspot`;
  t = await startSandbox({ webhook: { url: receiverUrl, secret: SECRET, portalId: 24100001, appId: 777, batchDelayMs: 20, retryBaseMs: 30 }, clock: { now: clock.now, sleep: clock.sleep } });
});
beforeEach(() => {
  received = [];
  replies = [];
});
afterAll(async () => {
  await t.sandbox.close();
  await new Promise((r) => receiver.close(r));
});

describe("webhooks", () => {
  it("sends a signed propertyChange batch for an API update", async () => {
    // The event and its signature carry the time of the change and of the POST: between these two
    // readings of the clock both the sandbox and the receiver use.
    const before = Date.now();
    await t.client.crm.tickets.basicApi.update("10004", { properties: { subject: "Disjoncteur 32A qui saute" } });
    const { r, e } = await waitFor(findEvent((e) => e.subscriptionType === "ticket.propertyChange" && e.propertyName === "subject"));
    const after = Date.now();
    expect(e).toMatchObject({ portalId: 24100001, appId: 777, objectId: 10004, propertyValue: "Disjoncteur 32A qui saute", changeSource: "INTEGRATION", attemptNumber: 0 });
    expect(typeof e.eventId).toBe("number");
    expect(typeof e.subscriptionId).toBe("number");
    expect(e.occurredAt).toBeGreaterThanOrEqual(before);
    expect(e.occurredAt).toBeLessThanOrEqual(after);

    const timestamp = r.headers["x-hubspot-request-timestamp"] as string;
    expect(Number(timestamp)).toBeGreaterThanOrEqual(e.occurredAt);
    expect(Number(timestamp)).toBeLessThanOrEqual(after);
    // v3, computed independently: base64(HMAC-SHA256(secret, method + uri + body + timestamp))
    const expected = createHmac("sha256", SECRET).update(`POST${receiverUrl}${r.body}${timestamp}`).digest("base64");
    expect(r.headers["x-hubspot-signature-v3"]).toBe(expected);
    // …and with HubSpot's own SDK helper
    expect(Signature.isValid({ signatureVersion: "v3", signature: expected, clientSecret: SECRET, requestBody: r.body, url: receiverUrl, method: "POST", timestamp: Number(timestamp) })).toBe(true);
    expect(r.headers["x-hubspot-signature-version"]).toBe("v1");
    expect(r.headers["x-hubspot-signature"]).toBe(signV1(SECRET, r.body));
  });

  it("computes v1 exactly as HubSpot's documented example", () => {
    const body =
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    expect(signV1("yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", body)).toBe("232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de");
  });

  it("sends creation and deletion events, batching several events in one POST", async () => {
    const c = await t.client.crm.contacts.basicApi.create({ properties: { email: "webhook@example.fr" }, associations: [] });
    await t.client.crm.contacts.basicApi.archive(c.id);
    await waitFor(findEvent((e) => e.subscriptionType === "contact.deletion" && e.objectId === Number(c.id)));
    const all = received.flatMap((r) => r.events);
    expect(all.find((e) => e.subscriptionType === "contact.creation")).toMatchObject({ objectId: Number(c.id), changeFlag: "NEW" });
    expect(new Set(all.map((e) => e.eventId)).size).toBe(all.length);
  });

  it("batches the events of one write into one POST", async () => {
    await t.client.crm.contacts.basicApi.update("10002", { properties: { firstname: "Antoine-Marie", city: "Lyon 3e", phone: "+33 4 78 00 00 00" } });
    const { r } = await waitFor(findEvent((e) => e.objectId === 10002 && e.propertyName === "phone"));
    expect(r.events.filter((e) => e.objectId === 10002).map((e) => e.propertyName).sort()).toEqual(["city", "firstname", "phone"]);
  });

  it("retries 5xx with an incremented attemptNumber but not 4xx", async () => {
    replies = [503];
    await t.client.crm.deals.basicApi.create({ properties: { dealname: "Retry me" }, associations: [] });
    await waitFor(() => (received.length >= 2 ? true : undefined));
    expect(received.map((r) => r.events[0].attemptNumber)).toEqual([0, 1]);
    expect(received[0]!.events[0].eventId).toBe(received[1]!.events[0].eventId);

    received = [];
    replies = [400];
    await t.client.crm.deals.basicApi.create({ properties: { dealname: "No retry" }, associations: [] });
    await waitFor(() => (received.length >= 1 ? true : undefined));
    await t.sandbox.drainWebhooks(); // every delivery has ended, a retry would have been sent
    expect(received).toHaveLength(1);
  });
});

describe("control endpoints", () => {
  it("moves an intervention to a stage by key and emits a CRM_UI webhook", async () => {
    const eta = "2026-01-02T10:30:00.000Z";
    const res = await t.control("tickets/10004/stage", { stage: "en_route", eta });
    expect(res.status).toBe(200);
    const stageId = stageIdByKey(emptyState(), "interventions", "en_route");
    const ticket = await t.client.crm.tickets.basicApi.getById("10004", ["hs_pipeline_stage", "eta"]);
    expect(ticket.properties.hs_pipeline_stage).toBe(stageId);
    expect(ticket.properties.eta).toBe(eta);
    const { r, e } = await waitFor(findEvent((e) => e.propertyName === "hs_pipeline_stage"));
    expect(e).toMatchObject({ changeSource: "CRM_UI", propertyValue: stageId, objectId: 10004, subscriptionType: "ticket.propertyChange" });
    const ts = r.headers["x-hubspot-request-timestamp"] as string;
    expect(r.headers["x-hubspot-signature-v3"]).toBe(createHmac("sha256", SECRET).update(`POST${receiverUrl}${r.body}${ts}`).digest("base64"));
    expect((await t.control("tickets/10004/stage", { stage: "flying" })).status).toBe(400);
  });

  it("posts a staff reply as a customer-visible note on the ticket and its contact", async () => {
    const res = await t.control("tickets/10004/reply", { body: "Le technicien passera demain." });
    expect(res.status).toBe(201);
    const note = await t.client.crm.objects.notes.basicApi.getById(res.body.noteId, ["hs_note_body", "hs_created_by_user_id"], undefined, ["tickets", "contacts"]);
    // A reply staff mean the customer to read starts with « #client », written by a HubSpot user.
    expect(note.properties).toMatchObject({ hs_note_body: "#client Le technicien passera demain." });
    expect(note.properties.hs_created_by_user_id).toMatch(/^\d+$/);
    expect(note.associations?.tickets?.results[0]?.id).toBe("10004");
    expect(note.associations?.contacts?.results[0]?.id).toBe("10001");
  });

  it("attaches photos and a report as private files", async () => {
    const photos = await t.control("tickets/10004/photos", { kind: "before", count: 2 });
    expect(photos.status).toBe(201);
    expect(photos.body.fileIds).toHaveLength(2);
    const report = await t.control("tickets/10004/report", {});
    expect(report.status).toBe(201);
    const ticket = await t.client.crm.tickets.basicApi.getById("10004", ["photos_before_file_ids", "report_file_id", "hs_pipeline_stage"]);
    expect(ticket.properties.photos_before_file_ids).toBe(photos.body.fileIds.join(";"));
    expect(ticket.properties.report_file_id).toBe(report.body.fileId);
    expect(ticket.properties.hs_pipeline_stage).toBe(stageIdByKey(emptyState(), "interventions", "report_available"));
    const signed = await t.client.files.filesApi.getSignedUrl(report.body.fileId);
    const pdf = Buffer.from(await (await fetch(signed.url)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const photo = await t.client.files.filesApi.getSignedUrl(photos.body.fileIds[0]);
    expect(photo.width).toBeGreaterThan(0);
  });

  it("counts HubSpot requests by route and status, and resets", async () => {
    await t.control("stats/reset", {});
    await t.client.crm.contacts.basicApi.getById("10001");
    await t.raw("GET", "/crm/v3/objects/contacts/999999");
    const stats = await t.control("stats");
    expect(stats.body.total).toBe(2);
    expect(stats.body.byRoute["GET /crm/v3/objects/:objectType/:objectId"]).toBe(2);
    expect(stats.body.byStatus).toEqual({ "200": 1, "404": 1 });
  });

  it("injects 5xx faults, 429 storms, timeouts, outages and latency", async () => {
    await t.control("faults", { mode: "error5xx", probability: 1 });
    const e5 = await t.raw("GET", "/crm/v3/objects/contacts/10001");
    expect([502, 503]).toContain(e5.status);
    expect(e5.body.status).toBe("error");
    await t.control("faults", { mode: "rate429", pathPattern: "/tickets" });
    expect((await t.raw("GET", "/crm/v3/objects/contacts/10001")).status).toBe(200);
    const storm = await t.raw("GET", "/crm/v3/objects/tickets/10004");
    expect(storm.status).toBe(429);
    expect(storm.body.policyName).toBe("TEN_SECONDLY_ROLLING");
    await t.control("faults", { mode: "timeout", timeoutMs: 100 });
    clock.waits.length = 0;
    expect((await t.raw("GET", "/crm/v3/objects/contacts/10001")).status).toBe(504);
    expect(clock.waits).toEqual([100]); // held 100 ms, then the gateway timeout
    await t.control("faults", { mode: "outage", durationMs: 150 });
    const outage = () => fetch(`${t.sandbox.url}/crm/v3/objects/contacts/10001`).then((r) => r.status, () => "dropped");
    expect([503, "dropped"]).toContain(await outage());
    clock.at += 100;
    expect([503, "dropped"]).toContain(await outage()); // still within the 150 ms
    clock.at += 100;
    expect((await t.raw("GET", "/crm/v3/objects/contacts/10001")).status).toBe(200); // outage over
    await t.control("latency", { ms: 80, jitterMs: 0 });
    clock.waits.length = 0;
    expect((await t.raw("GET", "/crm/v3/objects/contacts/10001")).status).toBe(200);
    expect(clock.waits).toEqual([80]);
    await t.control("latency", { ms: 0 });
    await t.control("faults", { mode: "none" });
  });

  it("resets to the seed", async () => {
    await t.client.crm.contacts.basicApi.create({ properties: { email: "temp@example.fr" }, associations: [] });
    expect((await t.control("reset", {})).status).toBe(200);
    const page = await t.client.crm.contacts.basicApi.getPage(100);
    expect(page.results.map((c) => c.properties.email)).not.toContain("temp@example.fr");
    expect((await t.control("health")).body.objects.contacts).toBe(3);
  });
});
