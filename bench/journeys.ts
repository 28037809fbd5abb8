/**
 * HubSpot cost per customer journey, and 200 simulated customers under HubSpot Professional limits.
 *
 * 1. Page views (production build on its own seeded sandbox, rate limits OFF): Camille signs in
 *    with a MINTED session cookie (bench/support.ts sessionCookie: the real sign-in round trip has
 *    its own e2e tests and would only add its look-up search), then browses the dashboard,
 *    appointments, documents, an intervention, the booking form and a quote. Each page is viewed
 *    once cold, then the whole browse is repeated REPEAT times (warm cache): calls per view.
 * 2. Actions (in process, the same core functions the server actions call, on their own seeded
 *    sandbox and embedded database in a temp dir, warm cache): book an appointment and sign a quote, counting
 *    the HubSpot requests of the request itself and of its outbox delivery.
 *    Journey = warm browse (6 views) + book + sign.
 * 3. CUSTOMERS simulated customers (one contact each: the seeded ones, then new contacts; minted
 *    cookies), CONCURRENCY at a time,
 *    each viewing dashboard, appointments and documents, while the sandbox enforces Professional
 *    limits (190 / 10 s, 5 search / s). Counted: pages answered 429 or 5xx to the customer, pages
 *    showing the portal's French error panel ("momentanément indisponible", retry button), sandbox-side 429s, p50/p95 page times.
 *
 * Run: npm run bench -- journeys   (or: npx tsx --conditions=react-server bench/journeys.ts)
 * Env: BENCH_REPEAT (10), BENCH_CUSTOMERS (200), BENCH_CONCURRENCY (10), BENCH_REBUILD=0 reuses an
 * existing (older) build, NEXT_DIST_DIR picks the build directory.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { DEGRADED, fmt, sandboxRequestCount, SANDBOX_TOKEN, sessionCookie, startPortal, summarize } from "./support";

const REPEAT = Number(process.env.BENCH_REPEAT ?? 10);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const PAGE_TIMEOUT_MS = 30_000;

interface View {
  status: number;
  ms: number;
  body: string;
}

async function view(url: string, cookie: string): Promise<View> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) });
    const body = await res.text();
    return { status: res.status, ms: performance.now() - t0, body };
  } catch {
    return { status: 0, ms: performance.now() - t0, body: "" };
  }
}

async function listContacts(sandboxUrl: string, max: number): Promise<{ id: string; email: string }[]> {
  const out: { id: string; email: string }[] = [];
  let after: string | undefined;
  while (out.length < max) {
    const url = `${sandboxUrl}/crm/v3/objects/contacts?limit=100&properties=email${after ? `&after=${after}` : ""}`;
    const page = (await fetch(url, { headers: { authorization: `Bearer ${SANDBOX_TOKEN}` } }).then((r) => r.json())) as {
      results: { id: string; properties: { email?: string } }[];
      paging?: { next?: { after: string } };
    };
    for (const c of page.results) if (c.properties.email) out.push({ id: c.id, email: c.properties.email });
    after = page.paging?.next?.after;
    if (!after) break;
  }
  return out.slice(0, max);
}

async function pageCosts(): Promise<Record<string, unknown>> {
  const portal = await startPortal();
  try {
    const camille = "10001";
    const cookie = await sessionCookie(camille, "camille.martin@example.fr");
    // Cold: the first view of each page on a fresh portal (empty cache), in browsing order.
    const cold: Record<string, number> = {};
    const coldView = async (name: string, p: string): Promise<string> => {
      const c0 = await sandboxRequestCount(portal.sandbox.url);
      const v = await view(`${portal.url}${p}`, cookie);
      if (v.status !== 200) throw new Error(`${name} answered ${v.status}`);
      cold[name] = (await sandboxRequestCount(portal.sandbox.url)) - c0;
      return v.body;
    };
    const dashboard = await coldView("dashboard", "/");
    await coldView("appointments", "/rendez-vous");
    const docs = await coldView("documents", "/documents");
    const interventions = await coldView("interventions list", "/interventions");
    const interventionId = /href="\/interventions\/(\d+)"/.exec(interventions + dashboard)?.[1];
    const quoteId = /href="\/documents\/devis\/(\d+)"/.exec(docs + dashboard)?.[1];
    if (!interventionId || !quoteId) throw new Error("no intervention or quote link found on Camille's pages");
    await coldView("intervention", `/interventions/${interventionId}`);
    await coldView("booking form", "/rendez-vous/nouveau");
    await coldView("quote", `/documents/devis/${quoteId}`);
    const pages: Record<string, string> = {
      dashboard: "/",
      appointments: "/rendez-vous",
      documents: "/documents",
      intervention: `/interventions/${interventionId}`,
      "booking form": "/rendez-vous/nouveau",
      quote: `/documents/devis/${quoteId}`,
    };
    const warm: Record<string, { calls: number; views: number; perView: number; ms: ReturnType<typeof summarize> }> = {};
    for (const [name, p] of Object.entries(pages)) {
      const times: number[] = [];
      const c0 = await sandboxRequestCount(portal.sandbox.url);
      for (let i = 0; i < REPEAT; i++) {
        const v = await view(`${portal.url}${p}`, cookie);
        if (v.status !== 200) throw new Error(`${name} answered ${v.status}`);
        times.push(v.ms);
      }
      const calls = (await sandboxRequestCount(portal.sandbox.url)) - c0;
      warm[name] = { calls, views: REPEAT, perView: calls / REPEAT, ms: summarize(times) };
    }
    return { cold, warm };
  } finally {
    await portal.stop();
  }
}

/** Book and sign through the core functions (as the server actions do), warm cache; request + delivery calls. */
async function actionCosts(): Promise<Record<string, { calls: number; ms: number }>> {
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "duret-bench-journeys-"));
  const { resetEnvForTests } = await import("@/lib/env");
  resetEnvForTests();
  const { buildSeed } = await import("@/sandbox/seed");
  const { createSandbox } = await import("@/sandbox/server");
  const { getDb, closeDb } = await import("@/lib/db/client");
  const { configureHubSpotCallForTests, getHubSpotCallMetrics, resetHubSpotCallMetrics } = await import("@/lib/hubspot/call");
  const { configureHubSpotForTests } = await import("@/lib/hubspot/client");
  const { setDbForTests } = await import("@/lib/db/current");
  const { listSlots } = await import("@/lib/bookings/list-slots");
  const { bookAppointment } = await import("@/lib/bookings/book-appointment");
  const { registerDomainHandlers } = await import("@/lib/server/register");
  const { runOutboxOnce } = await import("@/lib/outbox/worker");
  const { openPayload } = await import("@/lib/outbox/seal");
  const { outbox } = await import("@/lib/db/schema");
  const { listQuotes, getCustomer } = await import("@/lib/hubspot/queries");
  const { recordQuoteOpened } = await import("@/lib/documents/open-quote");
  const { requestSigningCode } = await import("@/lib/documents/request-signing-code");
  const { signQuote } = await import("@/lib/documents/sign-quote");

  const TOKEN = "bench-journeys-token";
  const seed = await buildSeed({ now: new Date() });
  const sandbox = await createSandbox({ port: 0, token: TOKEN, quiet: true, seed: () => seed });
  configureHubSpotForTests({ basePath: sandbox.url, token: TOKEN });
  configureHubSpotCallForTests({});
  // The process's database (PGlite in the temp DATA_DIR): the core functions use it through getDb().
  const db = { db: await getDb(), close: closeDb };
  setDbForTests(db.db);
  registerDomainHandlers();
  const transports = {
    email: { send: async () => ({ providerId: `<bench-${randomUUID()}@bench>` }), close: () => {} },
    sms: { send: async () => ({ providerId: `SM${randomUUID().replace(/-/g, "")}` }), findRecentDuplicate: async () => undefined },
  };
  const drain = async () => {
    for (let i = 0; i < 20; i++) if ((await runOutboxOnce({ db: db.db, transports: transports as never })).claimed === 0) return;
  };
  const camille = seed.demoCustomers[0]!.contactId;
  const rows: Record<string, { calls: number; ms: number }> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    resetHubSpotCallMetrics();
    const t0 = performance.now();
    const value = await fn();
    rows[name] = { calls: getHubSpotCallMetrics().total.attempts, ms: Math.round(performance.now() - t0) };
    return value;
  };
  try {
    // Warm the caches the browse would have warmed (customer, quotes, slots).
    await getCustomer(camille);
    const quote = (await listQuotes(camille)).find((q) => q.status === "to_sign");
    if (!quote) throw new Error("Camille has no quote to sign in the seed");
    const listing = await listSlots(camille, { service: "depannage" });
    await recordQuoteOpened(camille, quote.id);
    await drain();

    const slot = listing.days.find((d) => d.slots.length > 0)!.slots[0]!;
    const booked = await step("book: request", () =>
      bookAppointment(camille, { service: "depannage", start: slot.start, technicianId: slot.technicianId, address: listing.address!, idempotencyKey: randomUUID() }),
    );
    if (booked.status !== "booked") throw new Error(`bench: booking ${booked.status}`);
    await step("book: outbox delivery", drain);
    await step("sign: request code", () =>
      requestSigningCode(camille, { quoteId: quote.id, consent: true, signerName: "Camille Martin", mode: "typed", typedName: "Camille Martin" }, { locale: "fr" }),
    );
    const codeRows = await db.db.select().from(outbox).where(and(eq(outbox.contactId, camille), like(outbox.idempotencyKey, "quote-sign-code:%")));
    const codeRow = codeRows[0]!;
    const code = (openPayload((codeRow.payload as { sealed: string }).sealed, codeRow.id) as { data: { code: string } }).data.code;
    await step("sign: code sent (outbox)", drain);
    await step("sign: signature", () =>
      signQuote(camille, { quoteId: quote.id, code }, {
        session: { channel: "email", identity: "camille.martin@example.fr", signedInAt: Date.now() - 60_000, sessionId: "bench-journey-session", locale: "fr" },
        ip: "203.0.113.9",
        userAgent: "bench/journeys",
      }),
    );
    await step("sign: outbox delivery (HubSpot + confirmations)", drain);
    return rows;
  } finally {
    await sandbox.close();
    await db.close();
  }
}

async function crowd(): Promise<Record<string, unknown>> {
  const portal = await startPortal({ rateLimits: true });
  try {
    // The seed has ~60 contacts: the rest of the crowd are new contacts (no jobs yet), created before the limits apply.
    const contacts = await listContacts(portal.sandbox.url, CUSTOMERS);
    for (let i = contacts.length; i < CUSTOMERS; i++) {
      const email = `client.bench.${i}@example.fr`;
      const created = (await fetch(`${portal.sandbox.url}/crm/v3/objects/contacts`, {
        method: "POST",
        headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ properties: { email, firstname: "Client", lastname: `Bench ${i}` } }),
      }).then((r) => r.json())) as { id: string };
      contacts.push({ id: created.id, email });
    }
    await fetch(`${portal.sandbox.url}/_sandbox/rate-limits`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled: true, per10s: 190, searchPerSecond: 5, resetCounters: true }) });
    await fetch(`${portal.sandbox.url}/_sandbox/stats/reset`, { method: "POST" });
    const paths = ["/", "/rendez-vous", "/documents"];
    const results: View[] = [];
    let next = 0;
    const t0 = performance.now();
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= contacts.length) return;
        const c = contacts[i]!;
        const cookie = await sessionCookie(c.id, c.email);
        for (const p of paths) results.push(await view(`${portal.url}${p}`, cookie));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsedS = (performance.now() - t0) / 1000;
    const stats = (await fetch(`${portal.sandbox.url}/_sandbox/stats`).then((r) => r.json())) as { total: number; byStatus: Record<string, number> };
    const byStatus: Record<string, number> = {};
    for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    return {
      customers: contacts.length,
      concurrency: CONCURRENCY,
      pageViews: results.length,
      elapsedS: Number(elapsedS.toFixed(1)),
      pageStatus: byStatus,
      customer429: results.filter((r) => r.status === 429).length,
      customer5xx: results.filter((r) => r.status >= 500).length,
      noAnswer: results.filter((r) => r.status === 0).length,
      degradedFrench: results.filter((r) => r.status === 200 && DEGRADED.test(r.body)).length,
      ms: summarize(results.map((r) => r.ms)),
      sandbox: { requests: stats.total, requestsPer10s: Number(((stats.total / elapsedS) * 10).toFixed(1)), status429: stats.byStatus["429"] ?? 0, byStatus: stats.byStatus },
    };
  } finally {
    await portal.stop();
  }
}

/** BENCH_PARTS=pages,actions,crowd (default all) runs only some parts. */
const PARTS = new Set((process.env.BENCH_PARTS ?? "pages,actions,crowd").split(",").map((p) => p.trim()));

export async function runJourneysBench(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  let warmBrowse = 0;
  if (PARTS.has("pages")) {
  console.log(`\n## HubSpot calls per page view (production build, Camille, minted session cookie, cold then ${REPEAT}× warm)`);
  const pages = (await pageCosts()) as { cold: Record<string, number>; warm: Record<string, { calls: number; perView: number; ms: ReturnType<typeof summarize> }> };
  console.log(`cold views: ${JSON.stringify(pages.cold)}`);
  console.log("| page | cold view calls | warm calls / view | warm p50 | warm p95 |\n|---|---|---|---|---|");
  out.pages = pages;
  for (const [name, w] of Object.entries(pages.warm)) {
    warmBrowse += w.perView;
    console.log(`| ${name} | ${pages.cold[name]} | ${w.perView.toFixed(3)} | ${fmt(w.ms.p50)} | ${fmt(w.ms.p95)} |`);
  }
  }
  if (PARTS.has("actions")) {
  console.log(`\n## Actions (core functions, warm cache, embedded database in a temp dir, loopback sandbox)`);
  const actions = await actionCosts();
  console.table(actions);
  const actionCalls = Object.values(actions).reduce((s, a) => s + a.calls, 0);
  const journey = warmBrowse + actionCalls;
  console.log(`journey (sign in by minted cookie: 0 calls; 6 warm page views: ${warmBrowse.toFixed(2)}; book + sign incl. deliveries: ${actionCalls}) = ${journey.toFixed(2)} HubSpot calls`);
  out.actions = actions;
  out.journeyCalls = journey;
  }
  if (PARTS.has("crowd")) {

  console.log(`\n## ${CUSTOMERS} customers, ${CONCURRENCY} at a time, sandbox enforcing Professional limits (190/10 s, 5 search/s)`);
  const c = (await crowd()) as Record<string, unknown> & { ms: ReturnType<typeof summarize>; sandbox: { status429: number } };
  console.log(JSON.stringify({ ...c, ms: { p50: Math.round(c.ms.p50), p95: Math.round(c.ms.p95), p99: Math.round(c.ms.p99) } }, null, 2));
  console.log(`verdict: ${c.customer429 === 0 && c.customer5xx === 0 ? "PASS" : "FAIL"} (no 429 or 5xx page reached a customer)`);
  out.crowd = c;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runJourneysBench();
  process.exit(0);
}
