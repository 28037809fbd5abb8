import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { cached, clearHubSpotCache } from "@/lib/hubspot/cache";
import { configureHubSpotCallForTests } from "@/lib/hubspot/call";
import { configureHubSpotForTests, resetHubSpotClientForTests } from "@/lib/hubspot/client";
import { setDbForTests } from "@/lib/db/current";
import { onHubSpotChange, type HubSpotChange } from "@/lib/hubspot/events";
import { computeSignatureV3, decodeSignedUri, MAX_WEBHOOK_BODY_BYTES, verifySignatureV3 } from "@/lib/hubspot/webhooks";
import { POST } from "@/app/api/webhooks/hubspot/route";
import { openTestDb } from "../support/db";
import { startFakeHubSpot, type FakeHubSpot } from "./support/fake-hubspot";
import { virtualClock } from "./support/virtual-clock";
import { q } from "./support/query";

const SECRET = "webhook-test-secret";
const SITE = "https://portail.duret.fr";
const PATH = "/api/webhooks/hubspot";

let eventSeq = 1000;
function event(overrides: Record<string, unknown> = {}) {
  return {
    eventId: eventSeq++,
    subscriptionId: 1,
    portalId: 24100001,
    appId: 7,
    occurredAt: Date.now(),
    subscriptionType: "ticket.propertyChange",
    attemptNumber: 0,
    objectId: 7001,
    propertyName: "hs_pipeline_stage",
    propertyValue: "3",
    changeSource: "CRM_UI",
    ...overrides,
  };
}

/** A request as HubSpot sends it; the app sees an internal URL (behind a proxy), HubSpot signed the public one. */
function signedRequest(body: string, opts: { timestamp?: number; secret?: string; signedUri?: string; method?: string; query?: string; signature?: string | null } = {}) {
  const timestamp = String(opts.timestamp ?? Date.now());
  const query = opts.query ?? "";
  const signature = opts.signature === undefined ? computeSignatureV3(opts.secret ?? SECRET, "POST", opts.signedUri ?? `${SITE}${PATH}${query}`, body, timestamp) : opts.signature;
  const headers: Record<string, string> = { "content-type": "application/json", "x-hubspot-request-timestamp": timestamp };
  if (signature !== null) headers["x-hubspot-signature-v3"] = signature;
  return new Request(`http://10.0.0.7:3000${PATH}${query}`, { method: opts.method ?? "POST", headers, body });
}

describe("HubSpot v3 signature", () => {
  it("matches an independently computed vector (openssl, HubSpot's documented recipe)", () => {
    // printf 'POST<uri><body><ts>' | openssl dgst -sha256 -hmac <secret> -binary | base64
    const body =
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    const uri = decodeSignedUri("https://portail.duret.fr/api/webhooks/hubspot?source=hubspot&x=a%3Ab");
    expect(uri).toBe("https://portail.duret.fr/api/webhooks/hubspot?source=hubspot&x=a:b");
    const signature = "ctLCrCRVYAzfvEvcQoKNwtbaUyfLsd/aSKA8VanTXnY=";
    expect(computeSignatureV3("yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", "POST", uri, body, "1700000000000")).toBe(signature);
    const base = { secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", method: "POST", uri, rawBody: body, signature, timestamp: "1700000000000", now: 1700000000000 + 60_000 };
    expect(verifySignatureV3(base)).toEqual({ ok: true });
    // any one-byte change of body, URI, method or timestamp is refused
    expect(verifySignatureV3({ ...base, rawBody: body.replace("123", "124") }).ok).toBe(false);
    expect(verifySignatureV3({ ...base, uri: uri.replace("hubspot?", "hubspoT?") }).ok).toBe(false);
    expect(verifySignatureV3({ ...base, method: "PUT" }).ok).toBe(false);
    expect(verifySignatureV3({ ...base, timestamp: "1700000000001" }).ok).toBe(false);
    expect(verifySignatureV3({ ...base, signature: signature.slice(0, -2) }).ok).toBe(false); // other length
  });

  it("decodes exactly HubSpot's list of escapes", () => {
    expect(decodeSignedUri("https://h/p?a=%3a%2F%3F%40%21%24%27%28%29%2A%2C%3B&b=%20%26")).toBe("https://h/p?a=:/?@!$'()*,;&b=%20%26");
  });

  it("refuses timestamps older or further in the future than 5 minutes", () => {
    const now = 1_700_000_000_000;
    const sign = (ts: number) => computeSignatureV3(SECRET, "POST", "u", "b", String(ts));
    const check = (ts: number) => verifySignatureV3({ secret: SECRET, method: "POST", uri: "u", rawBody: "b", signature: sign(ts), timestamp: String(ts), now });
    expect(check(now - 299_000)).toEqual({ ok: true });
    expect(check(now - 301_000)).toEqual({ ok: false, reason: "stale" });
    expect(check(now + 301_000)).toEqual({ ok: false, reason: "stale" });
  });
});

describe("POST /api/webhooks/hubspot", () => {
  let handle: DbHandle;
  let fake: FakeHubSpot;
  let changes: HubSpotChange[] = [];
  let unsubscribe: () => void;
  beforeAll(async () => {
    handle = await openTestDb();
    setDbForTests(handle.db);
    process.env.SITE_URL = SITE;
    process.env.HUBSPOT_CLIENT_SECRET = SECRET;
    resetEnvForTests();
    fake = await startFakeHubSpot();
    configureHubSpotForTests({ basePath: fake.url, token: "t" });
    // The call's own clock: an attempt times out only if the fake HubSpot hangs, never because the
    // machine is slow to carry its answer.
    const clock = virtualClock({ held: () => fake.hung, whenHeld: (count) => fake.whenHung(count) });
    configureHubSpotCallForTests({ maxWaitMs: 500, acquire: async () => {}, now: clock.now, sleep: clock.sleep });
    unsubscribe = onHubSpotChange((c) => changes.push(c));
  });
  afterAll(async () => {
    unsubscribe();
    setDbForTests(undefined);
    resetHubSpotClientForTests();
    configureHubSpotCallForTests({});
    delete process.env.SITE_URL;
    delete process.env.HUBSPOT_CLIENT_SECRET;
    resetEnvForTests();
    await fake.close();
    await handle.close();
  });
  beforeEach(async () => {
    changes = [];
    await clearHubSpotCache(handle.db);
    fake.requests.length = 0;
  });

  const warm = async (key: string, tags: string[]) => {
    let loads = 0;
    const load = () => cached({ key, tags, ttlSeconds: 600, db: handle.db }, async () => ++loads);
    await load();
    return { reload: async () => (await load(), loads) };
  };

  it("accepts a good signature: invalidates the ticket's cache entries and tells listeners who owns it", async () => {
    const list = await warm("contact-tickets:42", ["contact:42:tickets", "ticket:7001"]);
    const other = await warm("contact-tickets:43", ["contact:43:tickets", "ticket:7002"]);
    const body = JSON.stringify([event({ objectId: 7001 })]);
    const res = await POST(signedRequest(body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, processed: 1 });
    expect(await list.reload()).toBe(2); // reloaded
    expect(await other.reload()).toBe(1); // untouched
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ objectType: "tickets", objectId: "7001", propertyName: "hs_pipeline_stage", contactIds: ["42"] });
    expect(fake.requests).toHaveLength(0); // the cache's reverse index sufficed
  });

  it("ignores a replayed event id (200, so HubSpot stops retrying) without processing it again", async () => {
    const e = event();
    expect((await POST(signedRequest(JSON.stringify([e])))).status).toBe(200);
    const list = await warm("contact-tickets:42", ["ticket:7001"]);
    const res = await POST(signedRequest(JSON.stringify([e])));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, processed: 0 });
    expect(await list.reload()).toBe(1);
    expect(changes).toHaveLength(1);
    const rows = await q(handle.db, sql`select * from webhook_events where event_id = ${String(e.eventId)}`);
    expect(rows).toHaveLength(1);
  });

  it("refuses bad, missing or replayed-late signatures with 401 and changes nothing", async () => {
    const list = await warm("contact-tickets:42", ["ticket:7001"]);
    const recorded = (await q(handle.db, sql`select * from webhook_events`)).length;
    const body = JSON.stringify([event()]);
    const tampered = signedRequest(body.replace("7001", "7002"), { signature: computeSignatureV3(SECRET, "POST", `${SITE}${PATH}`, body, String(Date.now())) });
    const responses = await Promise.all([
      POST(tampered),
      POST(signedRequest(body, { secret: "another-secret" })),
      POST(signedRequest(body, { signature: null })),
      POST(signedRequest(body, { timestamp: Date.now() - 6 * 60_000 })),
      POST(signedRequest(body, { signedUri: `http://10.0.0.7:3000${PATH}` })), // must be the public URL
    ]);
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await list.reload()).toBe(1);
    expect(changes).toHaveLength(0);
    expect(await q(handle.db, sql`select * from webhook_events`)).toHaveLength(recorded);
  });

  it("verifies the query string as signed", async () => {
    const body = JSON.stringify([event()]);
    expect((await POST(signedRequest(body, { query: "?source=hubspot&k=a%3Ab", signedUri: `${SITE}${PATH}?source=hubspot&k=a:b` }))).status).toBe(200);
    expect((await POST(signedRequest(JSON.stringify([event()]), { query: "?k=1", signedUri: `${SITE}${PATH}?k=2` }))).status).toBe(401);
  });

  /** A 30 MB body served in 64 kB chunks, counting what the handler pulls. */
  function hugeBody(totalBytes = 30 * 1024 * 1024) {
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const counter = { pulled: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (counter.pulled >= totalBytes) return controller.close();
        counter.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    return { stream, counter };
  }
  const bigRequest = (body: ReadableStream<Uint8Array>, headers: Record<string, string>) =>
    new Request(`http://10.0.0.7:3000${PATH}`, { method: "POST", headers: { "content-type": "application/json", "x-hubspot-request-timestamp": String(Date.now()), "x-hubspot-signature-v3": "x", ...headers }, body, duplex: "half" } as RequestInit);

  it("refuses a body over the cap with 413 before reading it (declared Content-Length) or as soon as it passes the cap (chunked)", async () => {
    const declared = hugeBody();
    const res = await POST(bigRequest(declared.stream, { "content-length": String(30 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(declared.counter.pulled).toBeLessThanOrEqual(64 * 1024); // at most the stream's first buffered chunk
    const chunked = hugeBody();
    const res2 = await POST(bigRequest(chunked.stream, {}));
    expect(res2.status).toBe(413);
    expect(chunked.counter.pulled).toBeLessThan(MAX_WEBHOOK_BODY_BYTES + 3 * 64 * 1024);
    // A lying Content-Length (small) does not help: the stream is still capped.
    const lying = hugeBody();
    expect((await POST(bigRequest(lying.stream, { "content-length": "100" }))).status).toBe(413);
    expect(lying.counter.pulled).toBeLessThan(MAX_WEBHOOK_BODY_BYTES + 3 * 64 * 1024);
    expect(changes).toHaveLength(0);
  });

  it("accepts HubSpot's largest batch (100 events), far under the cap", async () => {
    const body = JSON.stringify(Array.from({ length: 100 }, () => event({ propertyValue: "x".repeat(200) })));
    expect(body.length).toBeLessThan(MAX_WEBHOOK_BODY_BYTES / 10);
    expect((await POST(signedRequest(body))).status).toBe(200);
  });

  it("answers 400 to a signed but malformed body", async () => {
    expect((await POST(signedRequest("[{not json"))).status).toBe(400);
    expect((await POST(signedRequest(JSON.stringify({ eventId: 1 })))).status).toBe(400);
    expect((await POST(signedRequest(JSON.stringify([{ objectId: 5 }])))).status).toBe(400);
  });

  it("for a new ticket, asks HubSpot who owns it and drops that customer's list", async () => {
    fake.script([{ status: 200, body: { results: [{ toObjectId: 42, associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 16 }] }] } }]);
    const list = await warm("contact-tickets:42", ["contact:42:tickets"]);
    const res = await POST(signedRequest(JSON.stringify([event({ subscriptionType: "ticket.creation", objectId: 7100, propertyName: undefined })])));
    expect(res.status).toBe(200);
    expect(fake.requests[0]?.path).toMatch(/^\/crm\/v4\/objects\/tickets\/7100\/associations\/contacts/);
    expect(await list.reload()).toBe(2);
    expect(changes[0]?.contactIds).toEqual(["42"]);
  });

  it("maps generic object.* events by objectTypeId (a note drops its ticket's notes)", async () => {
    fake.script([{ status: 200, body: { results: [{ toObjectId: "7001", associationTypes: [] }] } }]);
    const notes = await warm("contact-ticket-notes:42:x", ["ticket:7001:notes"]);
    const res = await POST(signedRequest(JSON.stringify([event({ subscriptionType: "object.creation", objectTypeId: "0-46", objectId: 9100 })])));
    expect(res.status).toBe(200);
    expect(await notes.reload()).toBe(2);
    expect(changes[0]?.objectType).toBe("notes");
  });
});
