import { randomUUID } from "node:crypto";
import { customerNotes } from "../support/hubspot-objects";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { readObject } from "@/lib/hubspot/api";
import { acquireBudget, type BudgetLimits } from "@/lib/hubspot/budget";
import { configureHubSpotCallForTests } from "@/lib/hubspot/call";
import { configureHubSpotForTests, resetHubSpotClientForTests } from "@/lib/hubspot/client";
import { setDbForTests } from "@/lib/db/current";
import { registerMessageHandlers } from "@/lib/messages/deliver-message";
import { startConversation } from "@/lib/messages/send-message";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { buildSeed } from "@/sandbox/seed";
import { createSandbox, type Sandbox } from "@/sandbox/server";
import { FakeTransports } from "../outbox/support";

/**
 * Two portal instances on one PostgreSQL database (`npm run test:pg` only: each instance has its
 * own connection pool), against a sandbox that ENFORCES a rate limit, through the real call path:
 * - the shared HubSpot budget keeps the sum of both instances' requests under the limit (the
 *   sandbox answers no 429), which the budget unit tests only show at the table level;
 * - both instances' outbox workers deliver real HubSpot writes (the message handler) at the same
 *   time, and every message lands exactly once in HubSpot (one ticket, one note).
 * Already covered elsewhere, not repeated here: concurrent budget grants across two pools
 * (hubspot-budget.test.ts), one outbox row claimed by one worker (outbox-concurrency.test.ts),
 * sign-in limits across instances (auth-rate-limits.test.ts), live updates (live-bus.test.ts).
 */
const url = process.env.TEST_DATABASE_URL;
const TOKEN = "two-instances-token";
const LIMIT = 10;
// The portal's budget keeps a margin below HubSpot's limit, as in production (150 for 190 per 10 s):
// a slot is granted on the database clock, the request reaches HubSpot a few milliseconds later, so a
// budget equal to the limit can put 11 requests in HubSpot's window at a window's edge (seen once in CI).
const limits: BudgetLimits = { general: { limit: LIMIT - 2, windowSeconds: 10 }, search: { limit: 5, windowSeconds: 1 } };

describe.runIf(url)("two portal instances on PostgreSQL", () => {
  let name: string;
  let a: DbHandle;
  let b: DbHandle;
  let sandbox: Sandbox;
  let contactIds: string[];

  beforeAll(async () => {
    const { Client } = await import("pg");
    name = `duret_two_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(url!);
    target.pathname = `/${name}`;
    a = await openDb({ url: target.toString() });
    b = await openDb({ url: target.toString() });
    // The process's own database (getDb(), used by the core functions and handlers) is the same one.
    process.env.DATABASE_URL = target.toString();
    resetEnvForTests();
    const seed = await buildSeed({ now: new Date() });
    contactIds = seed.state.objects.contacts.map((c) => c.id);
    sandbox = await createSandbox({ port: 0, token: TOKEN, quiet: true, seed: () => seed, rateLimits: { enabled: true, per10s: LIMIT, searchPerSecond: 5, daily: 625_000 } });
    configureHubSpotForTests({ basePath: sandbox.url, token: TOKEN });
    setDbForTests(a.db);
  }, 120_000);

  afterAll(async () => {
    configureHubSpotCallForTests({});
    setDbForTests(undefined);
    resetHubSpotClientForTests();
    await sandbox?.close();
    const { closeDb } = await import("@/lib/db/client");
    await closeDb();
    await a?.close();
    await b?.close();
    delete process.env.DATABASE_URL;
    resetEnvForTests();
    const { Client } = await import("pg");
    const dropper = new Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });

  const stats = async () => (await fetch(`${sandbox.url}/_sandbox/stats`).then((r) => r.json())) as { total: number; byStatus: Record<string, number> };

  it("keeps the sum of both instances' HubSpot requests under the rate limit (no 429 from HubSpot)", async () => {
    await fetch(`${sandbox.url}/_sandbox/rate-limits`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ resetCounters: true }) });
    await fetch(`${sandbox.url}/_sandbox/stats/reset`, { method: "POST" });
    await a.db.execute("delete from hubspot_budget" as never);
    // Each request takes its slot from the budget of the instance that sends it (alternately A, B).
    let n = 0;
    let waited = 0; // requests that had to wait for a slot
    configureHubSpotCallForTests({
      maxWaitMs: 30_000,
      acquire: async (kind, deadline) => {
        let slept = false;
        const sleep = (ms: number) => {
          slept = true;
          return new Promise<void>((r) => setTimeout(r, ms));
        };
        await acquireBudget(kind, { db: n++ % 2 === 0 ? a.db : b.db, limits, deadline, sleep });
        if (slept) waited++;
      },
    });
    const wanted = LIMIT + 6;
    const results = await Promise.all(Array.from({ length: wanted }, (_, i) => readObject("contacts", contactIds[i % contactIds.length]!, ["email"])));
    expect(results).toHaveLength(wanted);
    const s = await stats();
    expect(s.byStatus["429"] ?? 0).toBe(0);
    expect(s.total).toBe(wanted);
    // The requests beyond the budget waited for the window to move, instead of being refused.
    expect(waited).toBeGreaterThanOrEqual(wanted - limits.general.limit);
  });

  it("delivers each message exactly once when both instances' workers run at the same time", async () => {
    configureHubSpotCallForTests({ maxWaitMs: 30_000, acquire: async () => {} });
    await fetch(`${sandbox.url}/_sandbox/rate-limits`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: false }) });
    registerMessageHandlers();
    const customer = contactIds[0]!;
    const sent = [];
    for (let i = 0; i < 8; i++) sent.push(await startConversation(customer, { kind: "after_sales", subject: `Question ${i}`, body: `Message numéro ${i}`, uploadIds: [], idempotencyKey: randomUUID() }));
    const fake = new FakeTransports();
    const worker = async (db: DbHandle) => {
      for (let i = 0; i < 20; i++) if ((await runOutboxOnce({ db: db.db, transports: fake.transports, batchSize: 3 })).claimed === 0) return;
    };
    await Promise.all([worker(a), worker(b)]);
    for (const [i, m] of sent.entries()) {
      expect(sandbox.store.list("tickets").filter((t) => t.properties.portal_request_id === m.messageId)).toHaveLength(1);
      expect(customerNotes(sandbox.store, `Message numéro ${i}`)).toHaveLength(1);
    }
  });
});
