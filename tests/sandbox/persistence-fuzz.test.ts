import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@hubspot/api-client";
import { createSandbox } from "@/sandbox/server";
import { fixtureSeed, startSandbox, TOKEN, type TestSandbox } from "./fixtures";

describe("persistence", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "sandbox-persist-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("keeps objects, associations, files and schema across a restart", async () => {
    let seeded = 0;
    const seed = () => {
      seeded++;
      return fixtureSeed();
    };
    const opts = { port: 0, token: TOKEN, dataDir: dir, quiet: true, seed, rateLimits: { enabled: false, per10s: 190, searchPerSecond: 5, daily: 625_000 } };
    const first = await createSandbox(opts);
    const c1 = new Client({ accessToken: TOKEN, basePath: first.url, numberOfApiCallRetries: 0 });
    const contact = await c1.crm.contacts.basicApi.create({ properties: { email: "persist@example.fr", city: "Écully" }, associations: [] });
    await c1.crm.associations.v4.basicApi.createDefault("contacts", contact.id, "tickets", "10004");
    const file = (await c1.files.filesApi.upload({ data: Buffer.from("bytes!"), name: "a.txt" }, undefined, "/docs", "a.txt", undefined, JSON.stringify({ access: "PRIVATE" }))) as { id: string };
    await first.close();
    const saved = JSON.parse(await readFile(path.join(dir, "sandbox", "state.json"), "utf8"));
    expect(saved.state.objects.contacts.some((c: { id: string }) => c.id === contact.id)).toBe(true);

    const second = await createSandbox(opts);
    const c2 = new Client({ accessToken: TOKEN, basePath: second.url, numberOfApiCallRetries: 0 });
    const back = await c2.crm.contacts.basicApi.getById(contact.id, ["city"], undefined, ["tickets"]);
    expect(back.properties.city).toBe("Écully");
    expect(back.associations?.tickets?.results.map((r) => r.id)).toEqual(["10004"]);
    const dl = await c2.apiRequest({ method: "GET", path: `/files/v3/files/${file.id}/download` });
    expect(Buffer.from(await dl.arrayBuffer()).toString()).toBe("bytes!");
    // new ids keep counting from where the first run stopped
    const next = await c2.crm.contacts.basicApi.create({ properties: { email: "persist2@example.fr" }, associations: [] });
    expect(Number(next.id)).toBeGreaterThan(Number(file.id));
    expect(seeded).toBe(1);
    await second.close();
  });
});

describe("no input crashes the server", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startSandbox();
  });
  afterAll(async () => {
    await t.sandbox.close();
  });

  const paths = [
    "/crm/v3/objects/contacts",
    "/crm/v3/objects/contacts/search",
    "/crm/v3/objects/tickets/batch/read",
    "/crm/v3/objects/tickets/batch/create",
    "/crm/v3/objects/contacts/batch/upsert",
    "/crm/v3/objects/notes/10004",
    "/crm/v4/associations/tickets/contacts/batch/read",
    "/crm/v4/objects/tickets/10004/associations/contacts/10001",
    "/crm/v3/properties/contacts",
    "/crm/v3/pipelines/tickets",
    "/crm/v3/objects/contacts/gdpr-delete",
    "/files/v3/files",
    "/crm/objects/2026-03/deals/batch/update",
  ];
  const json = fc.jsonValue({ maxDepth: 4 });
  const body = fc.oneof(
    json.map((v) => JSON.stringify(v)),
    fc.string(),
    fc.record({ properties: fc.dictionary(fc.string(), json) }).map((v) => JSON.stringify(v)),
    fc.record({ inputs: fc.array(fc.record({ id: json, properties: json }), { maxLength: 3 }) }).map((v) => JSON.stringify(v)),
    fc.record({ filterGroups: fc.array(fc.record({ filters: fc.array(fc.record({ propertyName: fc.constantFrom("email", "city", "createdate", "x"), operator: fc.string(), value: json, values: json, highValue: json }), { maxLength: 3 }) }), { maxLength: 3 }), sorts: json, limit: json, after: json, query: json }).map((v) => JSON.stringify(v)),
  );
  const suffix = fc.oneof(fc.constant(""), fc.webSegment().map((s) => `/${s}`), fc.string().map((s) => `/${encodeURIComponent(s)}`));
  const query = fc.oneof(fc.constant(""), fc.webQueryParameters().map((q) => `?${q}`), fc.constant("?limit=-1&after=abc&properties=&associations=%"));

  it("answers every random request with a HubSpot body and a status below 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), suffix, query, fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE"), body, async (p, s, q, method, b) => {
        const res = await fetch(`${t.sandbox.url}${p}${s}${q}`, {
          method,
          body: method === "GET" ? undefined : b,
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        });
        const text = await res.text();
        expect(res.status, `${method} ${p}${s}${q} ${b} -> ${text}`).toBeLessThan(500);
        if (res.status >= 400) expect(JSON.parse(text).status).toBe("error");
      }),
      { numRuns: 300, seed: 20260101 },
    );
    expect((await t.control("health")).status).toBe(200);
  });
});
