/**
 * First-load JavaScript per route, read from the production build (Next 16 no longer prints sizes in
 * `next build`'s output): for each page, the root main files every page loads plus the chunks of
 * every segment of that route (layouts, loading, error, not-found, page) listed in the build's
 * client reference manifest; each file counted once, sizes raw and gzip (level 9, what a CDN serves).
 * The legacy polyfills (nomodule, not loaded by current browsers) are left out.
 *
 * Run: npm run bench -- js     (builds first when no build of the current sources exists)
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { ensureProductionBuild } from "./support";

export interface RouteJs {
  route: string;
  files: number;
  rawKb: number;
  gzipKb: number;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

export function firstLoadJs(distDir = path.join(process.cwd(), process.env.NEXT_DIST_DIR || ".next")): { shared: RouteJs; routes: RouteJs[] } {
  const buildManifest = JSON.parse(readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const routesManifest = JSON.parse(readFileSync(path.join(distDir, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const sizeOf = (file: string) => {
    let s = sizes.get(file);
    if (!s) {
      const bytes = readFileSync(path.join(distDir, file.replace(/^\/_next\//, "")));
      s = { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
      sizes.set(file, s);
    }
    return s;
  };
  const total = (route: string, files: Set<string>): RouteJs => {
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      const s = sizeOf(f);
      raw += s.raw;
      gzip += s.gzip;
    }
    return { route, files: files.size, rawKb: kb(raw), gzipKb: kb(gzip) };
  };
  const load = createRequire(import.meta.url);
  const routes: RouteJs[] = [];
  for (const [entry, route] of Object.entries(routesManifest)) {
    if (!entry.endsWith("/page")) continue;
    const manifestFile = path.join(distDir, "server", "app", `${entry}_client-reference-manifest.js`);
    if (!existsSync(manifestFile)) continue;
    const g = globalThis as { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> };
    g.__RSC_MANIFEST = {};
    load(manifestFile);
    const manifest = g.__RSC_MANIFEST[entry];
    const files = new Set(buildManifest.rootMainFiles);
    for (const list of Object.values(manifest?.entryJSFiles ?? {})) for (const f of list) files.add(f);
    routes.push(total(route, files));
  }
  routes.sort((a, b) => a.route.localeCompare(b.route));
  return { shared: total("(shared by every page)", new Set(buildManifest.rootMainFiles)), routes };
}

export async function runFirstLoadJsBench(): Promise<Record<string, unknown>> {
  console.log("\n## First-load JavaScript per route (production build)");
  ensureProductionBuild();
  const { shared, routes } = firstLoadJs();
  console.log("| route | files | raw | gzip |");
  console.log("|---|---|---|---|");
  for (const r of [shared, ...routes]) console.log(`| ${r.route} | ${r.files} | ${r.rawKb} kB | ${r.gzipKb} kB |`);
  return { shared, routes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runFirstLoadJsBench();
}
