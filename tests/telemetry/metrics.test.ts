import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { PEER_ADDRESS_HEADER } from "@/lib/client-address";
import type { DbHandle } from "@/lib/db/client";
import { setDbForTests } from "@/lib/db/current";
import { outbox } from "@/lib/db/schema";
import { parseEnv, resetEnvForTests } from "@/lib/env";
import { configureHubSpotCallForTests, hubspotCall } from "@/lib/hubspot/call";
import { logContext, withLogContext } from "@/lib/log";
import { enqueueNotification } from "@/lib/outbox/enqueue";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { metricsAccess } from "@/lib/server/metrics";
import { FakeTransports, fakeClock } from "@/tests/outbox/support";
import { openTestDb } from "@/tests/support/db";

/**
 * GET /api/metrics: Prometheus text for the operators, never for customers. The gauges come from
 * the database every instance shares; the counters from this process's HubSpot calls and deliveries.
 */
const TOKEN = "metrics-token-0123456789abcdef";
const from = (peer: string, extra: Record<string, string> = {}) => new Headers({ [PEER_ADDRESS_HEADER]: peer, ...extra });

describe("who may scrape", () => {
  const open = parseEnv({});
  const withToken = parseEnv({ METRICS_TOKEN: TOKEN });

  it("this machine may; any other client gets the unknown-address 404", () => {
    expect(metricsAccess(from("127.0.0.1"), open)).toBe("allowed");
    expect(metricsAccess(from("::1"), open)).toBe("allowed");
    expect(metricsAccess(from("203.0.113.9"), open)).toBe("not-found");
    // A forged X-Forwarded-For is not believed without TRUSTED_PROXIES.
    expect(metricsAccess(from("203.0.113.9", { "x-forwarded-for": "127.0.0.1" }), open)).toBe("not-found");
    // Without the peer header (hook not installed): fail closed.
    expect(metricsAccess(new Headers(), open)).toBe("not-found");
  });

  it("with METRICS_TOKEN: the right bearer token from anywhere; a wrong one is 401", () => {
    expect(metricsAccess(from("203.0.113.9", { authorization: `Bearer ${TOKEN}` }), withToken)).toBe("allowed");
    expect(metricsAccess(from("203.0.113.9", { authorization: `Bearer ${TOKEN}x` }), withToken)).toBe("unauthorized");
    expect(metricsAccess(from("203.0.113.9", { authorization: "Basic abc" }), withToken)).toBe("unauthorized");
    expect(metricsAccess(from("127.0.0.1", { authorization: "Bearer nope" }), withToken)).toBe("unauthorized");
    expect(metricsAccess(from("203.0.113.9"), withToken)).toBe("not-found");
    // No token configured: a bearer token opens nothing.
    expect(metricsAccess(from("203.0.113.9", { authorization: `Bearer ${TOKEN}` }), open)).toBe("not-found");
  });

  it("METRICS_TOKEN must be long enough to be a secret", () => {
    expect(() => parseEnv({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });
});

describe("GET /api/metrics", () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openTestDb();
    setDbForTests(h.db);
    resetEnvForTests();
  });
  afterAll(async () => {
    setDbForTests(undefined);
    configureHubSpotCallForTests({});
    await h?.close();
  });
  beforeEach(async () => {
    await h.db.delete(outbox);
  });

  const scrape = async (peer = "127.0.0.1") => GET(new Request("http://localhost/api/metrics", { headers: from(peer) }));
  const value = (text: string, series: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it("a customer's request gets the same 404 as an unknown API address", async () => {
    const res = await scrape("198.51.100.4");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "Cette adresse d'API n'existe pas.", code: "NOT_FOUND" });
  });

  it("the outbox by status and its lag, the HubSpot budget's window, from the database", async () => {
    const row = (id: string, status: string, due: ReturnType<typeof sql>) =>
      h.db.insert(outbox).values({ id, kind: "email", idempotencyKey: `k-${id}`, payload: {}, status, nextAttemptAt: due });
    await row("o1", "pending", sql`clock_timestamp() - interval '120 seconds'`);
    await row("o2", "pending", sql`clock_timestamp() + interval '1 hour'`);
    await row("o3", "dead", sql`clock_timestamp()`);
    await row("o4", "discarded", sql`clock_timestamp()`);
    await h.db.execute(sql`insert into hubspot_budget (bucket, second, count) values ('general', floor(extract(epoch from clock_timestamp()))::bigint, 7)`);

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(value(text, 'duret_outbox_rows{status="pending"}')).toBe(2);
    expect(value(text, 'duret_outbox_rows{status="dead"}')).toBe(1);
    expect(value(text, 'duret_outbox_rows{status="discarded"}')).toBe(1);
    expect(value(text, 'duret_outbox_rows{status="sending"}')).toBe(0);
    expect(value(text, "duret_outbox_lag_seconds")).toBeGreaterThanOrEqual(120);
    expect(value(text, 'duret_hubspot_budget_used{bucket="general"}')).toBe(7);
    expect(value(text, 'duret_hubspot_budget_remaining{bucket="general"}')).toBe(parseEnv({}).HUBSPOT_BUDGET_PER_10S - 7);
    expect(value(text, "duret_process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("no waiting row: no lag", async () => {
    expect(value(await (await scrape()).text(), "duret_outbox_lag_seconds")).toBe(0);
  });

  it("HubSpot's 429s are counted by policy, attempts by outcome", async () => {
    const before = await (await scrape()).text();
    configureHubSpotCallForTests({ acquire: async () => {}, sleep: async () => {}, random: () => 0 });
    let n = 0;
    const result = await hubspotCall("general", "contacts.get", async () => {
      if (n++ === 0) throw Object.assign(new Error("HTTP 429"), { code: 429, body: { policyName: "TEN_SECONDLY_ROLLING" }, headers: {} });
      return "ok";
    });
    expect(result).toBe("ok");
    const after = await (await scrape()).text();
    const delta = (series: string) => (value(after, series) ?? 0) - (value(before, series) ?? 0);
    expect(delta('duret_hubspot_rate_limited_total{policy="TEN_SECONDLY_ROLLING"}')).toBe(1);
    expect(delta('duret_hubspot_requests_total{outcome="429"}')).toBe(1);
    expect(delta('duret_hubspot_requests_total{outcome="ok"}')).toBe(1);
  });

  it("failed deliveries are counted; the job's log lines name it", async () => {
    await h.db.transaction((tx) =>
      enqueueNotification(tx, { kind: "email", template: "sign-in-link", to: "camille.martin@example.fr", locale: "fr", data: { url: "http://localhost:3000/connexion/confirmer?token=t", expiresInMinutes: 10 }, sensitive: true, idempotencyKey: "metrics:email" }),
    );
    const fake = new FakeTransports();
    fake.failWith = new Error("SMTP 451 try later");
    const contexts: unknown[] = [];
    const before = await (await scrape()).text();
    // Woken from a request: the job's lines name the job, not that request.
    const pass = await withLogContext({ requestId: "req-that-woke-the-worker" }, () =>
      runOutboxOnce({ db: h.db, transports: fake.transports, now: fakeClock().now, random: () => 1, log: () => contexts.push(logContext()) }),
    );
    expect(pass).toMatchObject({ claimed: 1, retried: 1 });
    const [row] = await h.db.select().from(outbox);
    expect(contexts).toEqual([{ jobId: row!.id, jobKind: "email" }]);
    const after = await (await scrape()).text();
    const series = 'duret_outbox_failed_deliveries_total{kind="email",outcome="retried"}';
    expect((value(after, series) ?? 0) - (value(before, series) ?? 0)).toBe(1);
  });
});
