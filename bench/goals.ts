/**
 * Issue 19's goals against the figures of the benches that ran (`npm run bench -- js lighthouse load`
 * prints them all): one table, each figure next to its goal, « met » or « not met ». Figures of a
 * bench that did not run are left out. Reads only what the benches returned (bench/results/latest.json).
 */

interface Row {
  goal: string;
  figure: string;
  met: boolean;
}

interface JsResult {
  routes: { route: string; gzipKb: number }[];
}
interface LighthouseResult {
  scores: { page: string; performance: number; accessibility: number; bestPractices: number; lcpMs: number; tbtMs: number }[];
}
interface LoadRun {
  database: string;
  ratios: Record<string, { throughput: number; p95: number }>;
}
interface TwoInstancesResult {
  live?: { webhookToEventMs?: { p95?: number } };
}

/** The pages issue 19 names, by route in the build. */
const JS_PAGES: { page: string; route: string; limitKb: number }[] = [
  { page: "sign-in", route: "/connexion", limitKb: 100 },
  { page: "dashboard", route: "/", limitKb: 130 },
  { page: "booking", route: "/rendez-vous/nouveau", limitKb: 130 },
  { page: "quote", route: "/documents/devis/[id]", limitKb: 130 },
  { page: "invoice", route: "/documents/factures/[id]", limitKb: 130 },
];

export function goalRows(results: Record<string, unknown>): Row[] {
  const rows: Row[] = [];
  const js = results.js as JsResult | undefined;
  if (js) {
    for (const p of JS_PAGES) {
      const r = js.routes.find((x) => x.route === p.route);
      if (r) rows.push({ goal: `first-load JS, ${p.page} < ${p.limitKb} kB gzip`, figure: `${r.gzipKb} kB`, met: r.gzipKb < p.limitKb });
    }
    const others = js.routes.filter((r) => r.route !== "/connexion" && !r.route.startsWith("/console") && !r.route.startsWith("/dev") && !r.route.startsWith("/_"));
    const heaviest = others.sort((a, b) => b.gzipKb - a.gzipKb)[0];
    if (heaviest) rows.push({ goal: "first-load JS, every other customer page < 130 kB gzip", figure: `heaviest ${heaviest.route} ${heaviest.gzipKb} kB`, met: heaviest.gzipKb < 130 });
  }
  const lighthouse = results.lighthouse as LighthouseResult | undefined;
  for (const s of lighthouse?.scores.filter((x) => !x.page.startsWith("bare")) ?? []) {
    rows.push({ goal: `Lighthouse mobile, ${s.page}: performance 100`, figure: String(s.performance), met: s.performance === 100 });
    rows.push({ goal: `Lighthouse mobile, ${s.page}: accessibility and best practices 100`, figure: `${s.accessibility} / ${s.bestPractices}`, met: s.accessibility === 100 && s.bestPractices === 100 });
    rows.push({ goal: `Lighthouse mobile, ${s.page}: LCP < 1.5 s, TBT < 100 ms`, figure: `${s.lcpMs} ms, ${s.tbtMs} ms`, met: s.lcpMs < 1500 && s.tbtMs < 100 });
  }
  const load = results.load as Record<string, LoadRun | undefined> | undefined;
  for (const run of [load?.embedded, load?.postgres]) {
    if (!run) continue;
    for (const [page, ratio] of Object.entries(run.ratios)) {
      if (page.startsWith("bare")) continue;
      const db = run.database.startsWith("PostgreSQL") ? "PostgreSQL" : "PGlite";
      rows.push({ goal: `load (${db}), ${page}: ≥ 75 % of the bare page's req/s`, figure: `${(ratio.throughput * 100).toFixed(0)} %`, met: ratio.throughput >= 0.75 });
      rows.push({ goal: `load (${db}), ${page}: p95 ≤ 1.5× the bare page's`, figure: `${ratio.p95.toFixed(2)}×`, met: ratio.p95 <= 1.5 });
    }
  }
  const live = (results["two-instances"] as TwoInstancesResult | undefined)?.live?.webhookToEventMs?.p95;
  if (typeof live === "number") rows.push({ goal: "live update (webhook → page on the other instance) p95 < 1 s", figure: `${live.toFixed(0)} ms`, met: live < 1000 });
  const pdf = results.pdf as { output?: string } | undefined;
  const sealed = pdf?.output?.match(/"sealedSignedQuote":\{[^}]*"p50":([\d.]+)/)?.[1];
  if (sealed) rows.push({ goal: "sealed quote < 200 ms (median)", figure: `${sealed} ms`, met: Number(sealed) < 200 });
  return rows;
}

export function printGoals(results: Record<string, unknown>): void {
  const rows = goalRows(results);
  if (!rows.length) return;
  console.log("\n## Goals (issue 19) against this run's figures");
  console.log("| goal | figure | |");
  console.log("|---|---|---|");
  for (const r of rows) console.log(`| ${r.goal} | ${r.figure} | ${r.met ? "met" : "**not met**"} |`);
  console.log(`${rows.filter((r) => r.met).length} of ${rows.length} goals met`);
}
