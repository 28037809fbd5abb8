/**
 * Where a page's first-load JavaScript goes: Next's own bundle analyzer (`next analyze --output`,
 * Turbopack, writes .next/diagnostics/analyze without a full build), read back with
 * `next analyze export --route R` (JSON Lines) and summed per npm package (Next.js per folder) and
 * per project file, for the browser's chunks only. Sizes are the analyzer's per-module compressed
 * sizes: they add up to more than the gzip of the whole files (`npm run bench -- js`), so read
 * them as shares, not as the page's weight.
 *
 * Run: npm run bench -- bundle   (BENCH_ROUTES=/connexion,/ for some routes; BENCH_TOP=15 rows each)
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const ROUTES = (process.env.BENCH_ROUTES ?? "/connexion,/,/rendez-vous/nouveau,/documents/devis/[id],/documents/factures/[id]").split(",").filter(Boolean);
const TOP = Math.max(1, Number(process.env.BENCH_TOP ?? 12));

interface Group {
  type: "group";
  kind: string;
  outputs: string[];
}

interface Part {
  type: "part";
  filename: string;
  source_path: string;
  size: number;
  compressed_size: number;
}

/** "node_modules/zod/v4/core/api.js" → "zod"; Next.js by folder ("next/dist/compiled/react-dom"); project files as they are. */
export function ownerOf(sourcePath: string): string {
  const p = sourcePath.replace(/^\[project\]\//, "");
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\/?(.*)$/.exec(p);
  if (!m) return p;
  if (m[1] === "next") {
    const folder = `next/${m[2]!.split("/").slice(0, 3).join("/")}`;
    // Listed with the route, but a `nomodule` script: current browsers never load it (npm run bench -- js leaves it out).
    return folder === "next/dist/build/polyfills" ? `${folder} (nomodule: not loaded by current browsers)` : folder;
  }
  return m[1]!;
}

export interface OwnerSize {
  owner: string;
  /** In the page's first load (bootstrap and render chunks), compressed. */
  kb: number;
  rawKb: number;
  /** In chunks loaded only when used (dynamic import: a form's schema…), compressed. */
  lazyKb: number;
}

const kbOf = (bytes: number) => Math.round(bytes / 102.4) / 10;

export function summarize(jsonl: string): OwnerSize[] {
  const lines = jsonl.split("\n");
  // Chunks of the route's async groups only (never in a bootstrap or render group) load when used.
  const kinds = new Map<string, Set<string>>();
  for (const line of lines) {
    if (!line.includes('"type":"group"')) continue;
    const group = JSON.parse(line) as Group;
    for (const out of group.outputs) {
      const file = out.replace(/^\[client-fs\]\/_next\//, "");
      const set = kinds.get(file) ?? new Set<string>();
      set.add(group.kind);
      kinds.set(file, set);
    }
  }
  const lazy = (filename: string) => {
    const set = kinds.get(filename.slice(filename.indexOf("static/chunks/")));
    return set !== undefined && [...set].every((k) => k === "async");
  };
  const by = new Map<string, { c: number; r: number; lazy: number }>();
  for (const line of lines) {
    if (!line.includes('"type":"part"')) continue;
    const part = JSON.parse(line) as Part;
    // Browser chunks only (the server's chunks are listed too).
    if (!part.filename.includes("static/chunks/")) continue;
    const owner = ownerOf(part.source_path);
    const e = by.get(owner) ?? { c: 0, r: 0, lazy: 0 };
    if (lazy(part.filename)) e.lazy += part.compressed_size;
    else {
      e.c += part.compressed_size;
      e.r += part.size;
    }
    by.set(owner, e);
  }
  return [...by.entries()].map(([owner, e]) => ({ owner, kb: kbOf(e.c), rawKb: kbOf(e.r), lazyKb: kbOf(e.lazy) })).sort((a, b) => b.kb - a.kb || b.lazyKb - a.lazyKb);
}

export async function runBundleBench(): Promise<Record<string, unknown>> {
  console.log("\n## Bundle analysis: first-load JavaScript per package (Next's analyzer)");
  const next = path.join(process.cwd(), "node_modules", ".bin", "next");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const dist = process.env.NEXT_DIST_DIR || ".next";
  if (process.env.BENCH_REBUILD !== "0" || !existsSync(path.join(dist, "diagnostics", "analyze"))) {
    console.log("· `next analyze --output` (≈ 1.5 min on 2 cores)…");
    const run = spawnSync(next, ["analyze", "--output"], { stdio: ["ignore", "ignore", "inherit"], env });
    if (run.status !== 0) throw new Error("next analyze failed");
  }
  const out: Record<string, unknown> = {};
  for (const route of ROUTES) {
    const run = spawnSync(next, ["analyze", "export", "--route", route, "--dist-dir", dist], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024, env });
    if (run.status !== 0) throw new Error(`next analyze export --route ${route} failed: ${run.stderr}`);
    const rows = summarize(run.stdout);
    const total = rows.reduce((s, r) => s + r.kb, 0);
    const later = rows.reduce((s, r) => s + r.lazyKb, 0);
    console.log(`\n### ${route} (analyzer's compressed sizes: first load ${total.toFixed(1)} kB, loaded when used ${later.toFixed(1)} kB)`);
    console.log("| package or file | first load | raw | loaded when used |");
    console.log("|---|---|---|---|");
    for (const r of rows.filter((x) => x.kb > 0).slice(0, TOP)) console.log(`| ${r.owner} | ${r.kb} kB | ${r.rawKb} kB | ${r.lazyKb ? `${r.lazyKb} kB` : "—"} |`);
    const lazyOnly = rows.filter((x) => x.kb === 0 && x.lazyKb > 0).sort((a, b) => b.lazyKb - a.lazyKb).slice(0, 5);
    if (lazyOnly.length) console.log(`loaded only when used: ${lazyOnly.map((r) => `${r.owner} ${r.lazyKb} kB`).join(", ")}`);
    out[route] = rows.slice(0, 40);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runBundleBench();
}
