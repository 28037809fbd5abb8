/**
 * Load test of a production build (`next build` + `next start` on its own seeded sandbox, loopback
 * only, bounded in time): signed-in pages at CONNECTIONS concurrent customers (each connection is
 * one customer with its own session), compared in the same run with a bare page served by the same
 * Next.js on the same machine: bench/bare, a one-page app with no data, no session, no translations,
 * built by the same `next build` and served by `next start` like the portal (same security headers,
 * a proxy setting the per-request nonce CSP, rendered at request time). It is not part of the portal.
 *
 * Reported per page: requests/s, latency p50/p95/p99 (from every response, not autocannon's
 * histogram, which has no p95), non-2xx answers, the server's CPU time per request (from /proc: on a
 * shared machine it moves far less than requests/s), and the ratios to the bare page.
 * Targets (issue 8): throughput ≥ 50 % of the bare page, p95 < 2 × the bare page's.
 *
 * Run on the embedded database, then on a fresh database of the PostgreSQL server at BENCH_PG_URL when
 * one answers (default postgres://postgres@127.0.0.1:5432/postgres; `off` to skip).
 *
 * Run: npm run bench -- load     (BENCH_DURATION=seconds per page, default 10; BENCH_CONNECTIONS, default 50;
 *                                  BENCH_WARMUP=seconds of unmeasured load per page first, default 3)
 */
import autocannon from "autocannon";
import type { Sandbox } from "@/sandbox/server";
import { createDatabase, DEGRADED, fmt, interventionIdsOf, postgresAnswers, processCpuMs, sandboxJson, sessionCookie, startBarePage, startPortal, summarize } from "./support";

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Untimed load on every page before the measured runs: JIT and caches warm for all, not only the later pages. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);

interface Customer {
  contactId: string;
  cookie: string;
  /** The first of their tickets in the Interventions pipeline (none: the customer has no intervention). */
  interventionId?: string;
}

interface Target {
  name: string;
  /** The portal, or the bare baseline app (no cookie). */
  server: "portal" | "bare";
  path: (c: Customer) => string;
  signedIn: boolean;
  /** Only these customers load this page (default: all). */
  who?: (c: Customer) => boolean;
}

export interface LoadFigures {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  responses: number;
  non2xx: number;
  /** 200 answers carrying the French error panel (a section failed): not a measure of the page. */
  degraded: number;
  errors: number;
  /** CPU time (ms, user + system) the serving process used per response during the run. */
  cpuMsPerRequest: number;
  /** Status code → count, from autocannon (a wrong figure shows itself here). */
  statuses: Record<string, number>;
}

/** Seeded customers (with a Sage code), each with a session cookie and one of their interventions. */
async function customers(sandbox: Sandbox, count: number): Promise<Customer[]> {
  const found = await sandboxJson<{ results: { id: string; properties: Record<string, string | null> }[] }>(sandbox.url, "/crm/v3/objects/contacts/search", {
    filterGroups: [{ filters: [{ propertyName: "sage_customer_code", operator: "HAS_PROPERTY" }] }],
    properties: ["email"],
    limit: 100,
  });
  const out: Customer[] = [];
  for (const contact of found.results.slice(0, count)) {
    out.push({
      contactId: contact.id,
      cookie: await sessionCookie(contact.id, contact.properties.email ?? `${contact.id}@example.fr`),
      interventionId: interventionIdsOf(sandbox, contact.id)[0],
    });
  }
  return out;
}

async function measure(server: { url: string; pid: number }, target: Target, everyone: Customer[], duration = DURATION): Promise<LoadFigures> {
  const people = everyone.filter(target.who ?? (() => true));
  const samples: number[] = [];
  let next = 0;
  const cpuBefore = processCpuMs(server.pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections: CONNECTIONS,
        duration,
        // Every answer's body is checked: a page whose section failed (HubSpot budget, fault) is counted, not measured as a page.
        verifyBody: (body) => !DEGRADED.test(String(body ?? "")),
        // Each connection is one customer: their cookie and their own intervention.
        setupClient(client) {
          const person = people[next++ % people.length]!;
          const path = target.path(person);
          // setRequests (not setRequest, which only replaces the current request: the iterator then
          // goes back to the default `GET /` without a cookie, i.e. a redirect to sign-in).
          client.setRequests([{ method: "GET", path, headers: target.signedIn ? { cookie: person.cookie } : {} }]);
        },
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      samples.push(responseTime);
    });
  });
  const cpuMs = processCpuMs(server.pid) - cpuBefore;
  const s = summarize(samples);
  return {
    name: target.name,
    requestsPerSecond: result.requests.average,
    p50: s.p50,
    p95: s.p95,
    p99: s.p99,
    responses: samples.length,
    non2xx: result.non2xx,
    degraded: result.mismatches,
    errors: result.errors + result.timeouts,
    cpuMsPerRequest: cpuMs / Math.max(1, samples.length),
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, (v as { count?: number }).count ?? 0])),
  };
}

/**
 * The embedded database (PGlite, the default of a fresh install) always; then the production set-up,
 * a PostgreSQL server, when one answers at BENCH_PG_URL (default the local one; BENCH_PG_URL=off skips it).
 */
export async function runLoadBench(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { embedded: await runLoadOn("embedded PGlite (default)") };
  const pgUrl = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  if (pgUrl !== "off" && (await postgresAnswers(pgUrl))) {
    const database = await createDatabase(pgUrl, "load");
    try {
      out.postgres = await runLoadOn("PostgreSQL server (production set-up)", database.url);
    } finally {
      await database.drop();
    }
  } else {
    console.log("· no PostgreSQL server answers at BENCH_PG_URL: measured on the embedded database only");
  }
  return out;
}

async function runLoadOn(database: string, databaseUrl?: string): Promise<Record<string, unknown>> {
  console.log(`\n## Load: ${CONNECTIONS} concurrent customers, ${DURATION} s per page, production build (loopback), ${database}`);
  const portal = await startPortal({ databaseUrl });
  const bareApp = await startBarePage().catch(async (error: unknown) => {
    await portal.stop();
    throw error;
  });
  const serverOf = (target: Target) => (target.server === "bare" ? bareApp : portal);
  try {
    const people = await customers(portal.sandbox, CONNECTIONS);
    const targets: Target[] = [
      { name: "bare page (bench/bare)", server: "bare", path: () => "/", signedIn: false },
      { name: "dashboard /", server: "portal", path: () => "/", signedIn: true },
      { name: "appointments /rendez-vous", server: "portal", path: () => "/rendez-vous", signedIn: true },
      { name: "documents /documents", server: "portal", path: () => "/documents", signedIn: true },
      // Customers without an intervention (a few of the seed's) do not load this page.
      { name: "intervention /interventions/[id]", server: "portal", path: (c) => `/interventions/${c.interventionId}`, signedIn: true, who: (c) => Boolean(c.interventionId) },
    ];
    if (!people.some((c) => c.interventionId)) throw new Error("no seeded customer has an intervention");
    // Warm-up: every customer views every page once (cold HubSpot cache, JIT), untimed. One customer at
    // a time: 50 cold customers at once exceed the portal's HubSpot budget (150 calls / 10 s) and get
    // the French error panel, which is the cold-start behaviour, not the warm throughput measured here.
    for (const person of people) {
      for (const target of targets) {
        if (target.who && !target.who(person)) continue;
        for (let attempt = 1; ; attempt++) {
          const res = await fetch(`${serverOf(target).url}${target.path(person)}`, { headers: target.signedIn ? { cookie: person.cookie } : {}, redirect: "manual" });
          const body = await res.text();
          // A 200 may still carry the error panel (a section streamed after the first bytes failed).
          if (res.status === 200 && !DEGRADED.test(body)) break;
          if (attempt >= 5) throw new Error(`${target.name} answered ${res.status}${res.status === 200 ? " with the error panel" : ""} during warm-up`);
          await new Promise((r) => setTimeout(r, 3_000));
        }
      }
    }
    // What each page sends (the first customer's view): the HTML document, which carries the React
    // Server Components payload inline, and the RSC payload alone, as a client-side navigation gets it.
    const sizes: Record<string, { htmlKb: number; rscKb: number }> = {};
    for (const target of targets) {
      const person = people.find(target.who ?? (() => true))!;
      const headers: Record<string, string> = target.signedIn ? { cookie: person.cookie } : {};
      const url = `${serverOf(target).url}${target.path(person)}`;
      const html = await fetch(url, { headers, redirect: "manual" }).then((r) => r.arrayBuffer());
      // Next answers an RSC request without its `_rsc` cache-busting parameter by a redirect to the URL with it.
      const rsc = await fetch(url, { headers: { ...headers, RSC: "1" } }).then((r) => r.arrayBuffer());
      sizes[target.name] = { htmlKb: Math.round(html.byteLength / 102.4) / 10, rscKb: Math.round(rsc.byteLength / 102.4) / 10 };
    }
    // Then a few seconds of the same load on every page, unmeasured: measured in a fixed order, the
    // first pages would otherwise pay for the JIT's warm-up (seen: the first page −10 to −15 %).
    if (WARMUP > 0) for (const target of targets) await measure(serverOf(target), target, people, WARMUP);
    const figures: LoadFigures[] = [];
    for (const target of targets) figures.push(await measure(serverOf(target), target, people));
    // The bare page again at the end: the machine is shared, so the baseline is the mean of both runs.
    const bareAgain = await measure(bareApp, targets[0]!, people);
    const bareFirst = figures[0]!;
    const bare = {
      rps: (bareFirst.requestsPerSecond + bareAgain.requestsPerSecond) / 2,
      p95: (bareFirst.p95 + bareAgain.p95) / 2,
      cpu: (bareFirst.cpuMsPerRequest + bareAgain.cpuMsPerRequest) / 2,
    };
    console.log("| page | req/s | p50 | p95 | p99 | non-2xx | error panels | errors | CPU per request | throughput vs bare | p95 vs bare | CPU per request vs bare | HTML (RSC inline) | RSC payload |");
    console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    const rows = [...figures, { ...bareAgain, name: "bare page (bench/bare, again)" }];
    let pass = true;
    const ratios: Record<string, { throughput: number; p95: number; cpuPerRequest: number }> = {};
    for (const f of rows) {
      const throughput = f.requestsPerSecond / bare.rps;
      const p95 = f.p95 / bare.p95;
      const cpu = f.cpuMsPerRequest / bare.cpu;
      ratios[f.name] = { throughput, p95, cpuPerRequest: cpu };
      const size = sizes[f.name.replace(", again", "")];
      if (!f.name.startsWith("bare") && (throughput < 0.5 || p95 >= 2 || f.non2xx > 0 || f.degraded > 0 || f.errors > 0)) pass = false;
      console.log(`| ${f.name} | ${f.requestsPerSecond.toFixed(1)} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.p99)} | ${f.non2xx} | ${f.degraded} | ${f.errors} | ${fmt(f.cpuMsPerRequest)} | ${(throughput * 100).toFixed(0)} % | ${p95.toFixed(2)}× | ${cpu.toFixed(2)}× | ${size ? `${size.htmlKb} kB` : "—"} | ${size ? `${size.rscKb} kB` : "—"} |`);
    }
    for (const f of rows) if (f.non2xx > 0) console.log(`  ! ${f.name}: status codes ${JSON.stringify(f.statuses)}`);
    console.log(`verdict: ${pass ? "PASS" : "FAIL"} (every signed-in page ≥ 50 % of the bare page's req/s, p95 < 2× the bare page's, no error, no error panel)`);
    return { database, connections: CONNECTIONS, durationSeconds: DURATION, figures: rows, ratios, sizes, pass };
  } finally {
    await bareApp.stop();
    await portal.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runLoadBench();
  process.exit(0);
}
