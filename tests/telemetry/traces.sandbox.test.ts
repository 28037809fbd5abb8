import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_SECTIONS, loadDashboard } from "@/lib/dashboard/load-dashboard";
import { enqueueNotification } from "@/lib/outbox/enqueue";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { tracer } from "@/lib/telemetry";
import { registerTracing } from "@/lib/telemetry/node";
import { buildSeed } from "@/sandbox/seed";
import { FakeTransports } from "@/tests/outbox/support";
import { startStack, type Stack } from "../hubspot/support/stack";

/**
 * One page's data load as a trace: the dashboard's loader (what app/(portal)/page.tsx runs) inside a
 * parent span standing for Next's page span, against the seeded sandbox and a test database. Its
 * sections, their HubSpot calls and the database work around them are spans of that one trace,
 * each under the right parent, and no span carries the customer's personal data.
 */
describe("traces of a page's data load", () => {
  let stack: Stack;
  let provider: NodeTracerProvider;
  const exporter = new InMemorySpanExporter();
  beforeAll(async () => {
    stack = await startStack(() => buildSeed({ now: new Date() }));
    provider = registerTracing(exporter, { batch: false });
  }, 120_000);
  afterAll(async () => {
    await provider?.shutdown();
    trace.disable();
    context.disable();
    await stack?.close();
  });

  it("the page span has the sections, their HubSpot calls and the database work as descendants", async () => {
    const customer = stack.seed.demoCustomers[0]!;
    const { traceId, rootId } = await tracer().startActiveSpan("GET /", async (page) => {
      const dashboard = loadDashboard(customer.contactId, new Date(), { db: stack.db.db });
      await Promise.allSettled(DASHBOARD_SECTIONS.map((key) => dashboard[key]));
      page.end();
      return { traceId: page.spanContext().traceId, rootId: page.spanContext().spanId };
    });
    const spans = exporter.getFinishedSpans();
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    const ancestors = (s: ReadableSpan): string[] => {
      const out: string[] = [];
      for (let id = parentOf(s); id; id = byId.get(id) ? parentOf(byId.get(id)!) : undefined) out.push(byId.get(id)?.name ?? id);
      return out;
    };

    // One trace.
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([traceId]));
    // The five sections, children of the page.
    const sections = spans.filter((s) => s.name.startsWith("dashboard "));
    expect(sections.map((s) => s.name).sort()).toEqual(DASHBOARD_SECTIONS.map((k) => `dashboard ${k}`).sort());
    for (const s of sections) expect(parentOf(s)).toBe(rootId);
    // HubSpot calls under a section (the quotes section reads quotes from HubSpot).
    const hubspot = spans.filter((s) => s.name.startsWith("hubspot "));
    expect(hubspot.length).toBeGreaterThan(0);
    for (const s of hubspot) expect(ancestors(s)).toEqual(expect.arrayContaining([expect.stringMatching(/^dashboard /), "GET /"]));
    expect(hubspot.some((s) => ancestors(s)[0] === "dashboard quotesToSign")).toBe(true);
    // Database work: the shared cache's read (memory copy missed) and the budget's transaction of a call.
    const cacheReads = spans.filter((s) => s.name === "db hubspot_cache");
    const budget = spans.filter((s) => s.name === "db hubspot_budget");
    expect(cacheReads.length).toBeGreaterThan(0);
    expect(budget.length).toBeGreaterThan(0);
    for (const s of budget) expect(ancestors(s)[0]).toMatch(/^hubspot /);
    for (const s of cacheReads) expect(ancestors(s)).toContain("GET /");

    // Attributes: ids and names of operations only.
    const attributes = JSON.stringify(spans.map((s) => s.attributes));
    for (const personal of [customer.email, customer.email.toLowerCase(), customer.phone, customer.name]) expect(attributes).not.toContain(personal);
    expect(attributes).not.toMatch(/@/);
  });

  it("an outbox job a request woke is a trace of its own, with its id and kind only", async () => {
    exporter.reset();
    const db = stack.db.db;
    await db.transaction((tx) =>
      enqueueNotification(tx, { kind: "email", template: "sign-in-link", to: "camille.martin@example.fr", locale: "fr", data: { url: "http://localhost:3000/connexion/confirmer?token=t", expiresInMinutes: 10 }, sensitive: true, idempotencyKey: "traces:email" }),
    );
    const fake = new FakeTransports();
    const requestTrace = await tracer().startActiveSpan("POST /connexion", async (span) => {
      await runOutboxOnce({ db, transports: fake.transports, log: () => {} });
      span.end();
      return span.spanContext().traceId;
    });
    const job = exporter.getFinishedSpans().find((s) => s.name === "outbox deliver");
    expect(job).toBeDefined();
    expect(job!.parentSpanContext).toBeUndefined();
    expect(job!.spanContext().traceId).not.toBe(requestTrace);
    expect(Object.keys(job!.attributes).sort()).toEqual(["outbox.attempt", "outbox.id", "outbox.kind"]);
    expect(fake.emails).toHaveLength(1);
  });
});
