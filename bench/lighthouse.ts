/**
 * Lighthouse (mobile profile, simulated throttling) on a production build against its own seeded
 * sandbox, in Debian's Chromium: sign-in, dashboard, booking and a document page. Prints the
 * performance / accessibility / best-practices scores and the JavaScript each page loads on first
 * view (script bytes transferred, from Lighthouse's network records).
 * Targets (issue 19): performance, accessibility and best practices 100; LCP < 1.5 s, TBT < 100 ms.
 *
 * Run: npm run bench -- lighthouse    (CHROMIUM_PATH to override /usr/bin/chromium; BENCH_PAGES=booking,quote,invoice for some pages only;
 * BENCH_RUNS audits per page, default 3: the run with the median performance score is reported, with the range)
 */
import { launch } from "chrome-launcher";
import lighthouse from "lighthouse";
import type { Sandbox } from "@/sandbox/server";
import { sessionCookie, startBarePage, startPortal } from "./support";

const CHROME = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

interface PageScore {
  page: string;
  path: string;
  performance: number;
  /** Lowest–highest performance score over the runs. */
  performanceRange: string;
  accessibility: number;
  bestPractices: number;
  firstLoadJsKb: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Lighthouse's measure of this machine's CPU at the time (higher is faster; ≈ 1000 a mid-range phone, 1500+ a desktop). */
  benchmarkIndex: number;
}

/**
 * The contact's quote awaiting their signature, picked by its signing status (never "the first
 * associated quote", whose kind depends on the seed's day): the document page with the signing form.
 */
function quoteToSign(sandbox: Sandbox, contactId: string): string {
  const quote = sandbox.store
    .associations("contacts", contactId, "quotes")
    .map((a) => sandbox.store.getObject("quotes", a.toId))
    .find((q) => q?.properties.hs_sign_status === "ESIGN_PENDING");
  if (!quote) throw new Error(`contact ${contactId} has no quote awaiting signature in the seed`);
  return quote.id;
}

/** The contact's invoice still to pay when there is one (its page has the payment section), else their first. */
function anInvoice(sandbox: Sandbox, contactId: string): string {
  const invoices = sandbox.store.associations("contacts", contactId, "invoices").map((a) => sandbox.store.getObject("invoices", a.toId));
  const invoice = invoices.find((i) => i?.properties.hs_invoice_status === "open") ?? invoices[0];
  if (!invoice) throw new Error(`contact ${contactId} has no invoice in the seed`);
  return invoice.id;
}

export async function runLighthouseBench(): Promise<Record<string, unknown>> {
  console.log("\n## Lighthouse, mobile profile (production build, Debian Chromium)");
  const portal = await startPortal();
  // The floor: bench/bare (one server-rendered page, no client component) with Next's own runtime.
  const bare = await startBarePage();
  const chrome = await launch({ chromePath: CHROME, chromeFlags: FLAGS });
  try {
    const contactId = "10001";
    const cookie = await sessionCookie(contactId, "camille.martin@example.fr");
    const quoteId = quoteToSign(portal.sandbox, contactId);
    const invoiceId = anInvoice(portal.sandbox, contactId);
    const pages: { page: string; path: string; signedIn: boolean; base?: string }[] = [
      { page: "bare page (floor)", path: "/", signedIn: false, base: bare.url },
      { page: "sign-in", path: "/connexion", signedIn: false },
      { page: "dashboard", path: "/", signedIn: true },
      { page: "booking", path: "/rendez-vous/nouveau", signedIn: true },
      { page: "quote", path: `/documents/devis/${quoteId}`, signedIn: true },
      { page: "invoice", path: `/documents/factures/${invoiceId}`, signedIn: true },
    ];
    const only = process.env.BENCH_PAGES?.split(",").filter(Boolean);
    const scores: PageScore[] = [];
    for (const p of only ? pages.filter((x) => only.includes(x.page)) : pages) {
      // Warm the server-side caches first: the audit measures the page, not the cold HubSpot cache.
      const base = p.base ?? portal.url;
      await fetch(`${base}${p.path}`, { headers: p.signedIn ? { cookie } : {} }).then((r) => r.arrayBuffer());
      // Simulated throttling on a loopback server varies from run to run (the LCP especially): RUNS
      // audits per page, the run with the median performance score is reported (with the range).
      type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];
      const runs: Lhr[] = [];
      for (let run = 0; run < RUNS; run++) {
        // A trace can fail on a busy machine (NO_NAVSTART…): two more tries before giving up.
        for (let attempt = 1; ; attempt++) {
          const result = await lighthouse(`${base}${p.path}`, {
            port: chrome.port,
            output: "json",
            logLevel: "error",
            onlyCategories: ["performance", "accessibility", "best-practices"],
            formFactor: "mobile",
            extraHeaders: p.signedIn ? { Cookie: cookie } : null,
          });
          if (!result) throw new Error(`lighthouse returned nothing for ${p.path}`);
          if (!result.lhr.runtimeError) {
            runs.push(result.lhr);
            break;
          }
          if (attempt === 3) throw new Error(`lighthouse on ${p.path}: ${result.lhr.runtimeError.message}`);
          console.warn(`  ! ${p.path}: ${result.lhr.runtimeError.code}, trying again`);
        }
      }
      const perf = (r: Lhr) => r.categories["performance"]?.score ?? 0;
      runs.sort((a, b) => perf(a) - perf(b));
      const lhr = runs[Math.floor(runs.length / 2)]!;
      const range = `${Math.round(perf(runs[0]!) * 100)}–${Math.round(perf(runs.at(-1)!) * 100)}`;
      if (lhr.finalDisplayedUrl && !lhr.finalDisplayedUrl.includes(p.path.split("?")[0]!)) {
        console.warn(`  ! ${p.path} ended on ${lhr.finalDisplayedUrl} (redirected)`);
      }
      const requests = ((lhr.audits["network-requests"]?.details as { items?: { resourceType?: string; transferSize?: number }[] } | undefined)?.items ?? []);
      const jsBytes = requests.filter((r) => r.resourceType === "Script").reduce((s, r) => s + (r.transferSize ?? 0), 0);
      const score = (key: string) => Math.round((lhr.categories[key]?.score ?? 0) * 100);
      scores.push({
        page: p.page,
        path: p.path,
        performance: score("performance"),
        performanceRange: range,
        accessibility: score("accessibility"),
        bestPractices: score("best-practices"),
        firstLoadJsKb: Math.round(jsBytes / 102.4) / 10,
        lcpMs: Math.round(lhr.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN),
        tbtMs: Math.round(lhr.audits["total-blocking-time"]?.numericValue ?? Number.NaN),
        cls: Number((lhr.audits["cumulative-layout-shift"]?.numericValue ?? Number.NaN).toFixed(3)),
        benchmarkIndex: Math.round(lhr.environment.benchmarkIndex),
      });
      // What costs points, so a failing figure says what to fix.
      for (const category of ["accessibility", "best-practices"]) {
        const refs = lhr.categories[category]?.auditRefs.filter((r) => r.weight > 0) ?? [];
        for (const ref of refs) {
          const a = lhr.audits[ref.id];
          if (a && a.score !== null && a.score < 1) console.log(`  · ${p.page}: ${category} audit "${a.id}" fails: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ""}`);
          const items = (a?.details as { items?: unknown[] } | undefined)?.items;
          if (a && a.score !== null && a.score < 1 && items) for (const item of items.slice(0, 3)) console.log(`      ${JSON.stringify(item).slice(0, 300)}`);
        }
      }
      const shifts = (lhr.audits["layout-shifts"]?.details as { items?: { node?: { snippet?: string; selector?: string }; score?: number }[] } | undefined)?.items ?? [];
      for (const shift of shifts.slice(0, 3)) console.log(`  · ${p.page}: layout shift ${shift.score?.toFixed(3)} on ${shift.node?.selector ?? "?"} ${shift.node?.snippet?.slice(0, 120) ?? ""}`);
      const lcpElement = JSON.stringify((lhr.audits["largest-contentful-paint-element"]?.details as { items?: unknown[] } | undefined)?.items?.[0] ?? null).match(/"snippet":"(.{0,140})/)?.[1];
      const metric = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? Number.NaN);
      console.log(`  · ${p.page}: FCP ${metric("first-contentful-paint")} ms, speed index ${metric("speed-index")} ms, LCP ${metric("largest-contentful-paint")} ms on ${lcpElement ?? "?"}`);
      const blocking = (lhr.audits["render-blocking-resources"]?.details as { items?: { url?: string; wastedMs?: number }[] } | undefined)?.items ?? [];
      for (const b of blocking) console.log(`  · ${p.page}: render-blocking ${b.url} (${Math.round(b.wastedMs ?? 0)} ms)`);
      const longTasks = (lhr.audits["long-tasks"]?.details as { items?: { url?: string; duration?: number }[] } | undefined)?.items ?? [];
      for (const task of longTasks.slice(0, 3)) console.log(`  · ${p.page}: long task ${Math.round(task.duration ?? 0)} ms in ${task.url ?? "?"}`);
    }
    console.log(`| page | path | performance (median of ${RUNS}, range) | accessibility | best practices | first-load JS (gzip) | LCP | TBT | CLS | CPU benchmark index |`);
    console.log("|---|---|---|---|---|---|---|---|---|---|");
    for (const s of scores) {
      console.log(`| ${s.page} | ${s.path} | ${s.performance} (${s.performanceRange}) | ${s.accessibility} | ${s.bestPractices} | ${s.firstLoadJsKb} kB | ${s.lcpMs} ms | ${s.tbtMs} ms | ${s.cls} | ${s.benchmarkIndex} |`);
    }
    const pass = scores.filter((s) => !s.page.startsWith("bare")).every((s) => s.performance === 100 && s.accessibility === 100 && s.bestPractices === 100 && s.lcpMs < 1500 && s.tbtMs < 100);
    console.log(`verdict: ${pass ? "PASS" : "FAIL"} (issue 19: performance, accessibility and best practices 100, LCP < 1.5 s, TBT < 100 ms on every page)`);
    return { scores, pass };
  } finally {
    chrome.kill();
    await bare.stop();
    await portal.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runLighthouseBench();
  process.exit(0);
}
