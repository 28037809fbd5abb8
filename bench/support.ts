/**
 * Shared helpers for the benchmarks: percentiles, free ports, a production portal on a sandbox, the
 * load bench's bare baseline app (bench/bare), a customer's interventions.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSandbox, type Sandbox } from "@/sandbox/server";
import { pipelineIdByKey } from "@/sandbox/state";
import type { SandboxState } from "@/sandbox/types";

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

export function summarize(samplesMs: number[]): { n: number; p50: number; p95: number; p99: number; mean: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean };
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A page that shows the portal's error panel (app/(portal)/error.tsx, "Le service est momentanément
 * indisponible", retry): rendered on the server (`id="erreur-titre"`), or a section that failed after
 * the first bytes were sent, which React reports in the stream (`data-dgst=` on a template, or a
 * `$RX("B:…", digest)` call when the boundary was already flushed as pending) and the browser then
 * shows as the panel.
 */
export const DEGRADED = /id="erreur-titre"|data-dgst=|\$RX\("/;

export const SANDBOX_TOKEN = "bench-sandbox-token";
export const WEBHOOK_SECRET = "bench-webhook-secret";
export const AUTH_SECRET = "bench-auth-secret-0123456789abcdef0123456789";

/**
 * A session cookie for a contact, minted the way next-auth does at sign-in (the portal still
 * checks it fully: signature, 1-hour lifetime, revocation). The benchmark measures page views,
 * not the sign-in round trip, which has its own e2e tests.
 */
export async function sessionCookie(contactId: string, identity: string): Promise<string> {
  const { encode } = await import("next-auth/jwt");
  const now = Date.now();
  const claims = { contactId, sessionId: `bench-${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`, signedInAt: now, channel: "email", identity, locale: "fr" };
  const token = await encode({ token: { sub: contactId, ...claims }, secret: AUTH_SECRET, maxAge: 3600 });
  // Plain name on local http; `__Host-duret.session` on https (lib/auth/cookies.ts).
  return `duret.session=${token}`;
}

/** Newest modification time under the sources a production build depends on. */
function newestSourceMtime(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "components", "lib", "messages"]) if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of ["proxy.ts", "next.config.ts", "package-lock.json", "instrumentation.ts", "instrumentation-node.ts", "instrumentation-client.ts"]) {
    if (existsSync(path.join(root, file))) newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  }
  return newest;
}

export interface PortalUnderTest {
  url: string;
  sandbox: Sandbox;
  /** The `next start` process (one process: Next serves production requests in it). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; NaN elsewhere). On a
 * shared machine, a server's CPU time per request varies far less than its requests per second.
 */
export function processCpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    const ticksPerSecond = 100; // USER_HZ, 100 on every Linux architecture Node supports
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** A JSON call to the bench's sandbox (HubSpot API or control endpoint), with its token. */
export async function sandboxJson<T>(sandboxUrl: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandboxUrl}${path}`, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${SANDBOX_TOKEN}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sandbox ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

/** Sandbox totals of HubSpot API requests (control and CDN paths excluded). */
export async function sandboxRequestCount(sandboxUrl: string): Promise<number> {
  const res = await fetch(`${sandboxUrl}/_sandbox/stats`);
  const stats = (await res.json()) as { total?: number; byRoute?: Record<string, number> };
  if (typeof stats.total === "number") return stats.total;
  return Object.values(stats.byRoute ?? {}).reduce((s, v) => s + v, 0);
}

/**
 * A production build of the portal (`next build`, once) served by `next start` on a free port,
 * with its own ephemeral seeded sandbox and its own embedded database in a temp directory, so a
 * developer's running `npm run dev` is never touched.
 */
/** Runs `next build` unless a build of the current sources exists (BENCH_REBUILD=0: reuse any, =1: always build). */
export function ensureProductionBuild(root = process.cwd()): void {
  // NEXT_DIST_DIR (next.config.ts) lets a bench use its own build directory in a shared checkout.
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  // A build older than the sources would measure yesterday's code (BENCH_REBUILD=0: reuse it anyway).
  const stale = process.env.BENCH_REBUILD !== "0" && existsSync(buildId) && statSync(buildId).mtimeMs < newestSourceMtime(root);
  if (!existsSync(buildId) || stale || process.env.BENCH_REBUILD === "1") {
    console.log("· no production build of the current sources: running `next build` (1–3 min on 2 cores)…");
    const build = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("next build failed");
  }
}

/**
 * A production portal (`next start`) on its own seeded sandbox, or on `sharedSandbox` (a second
 * instance: the sandbox's webhooks keep going to the first portal, and stopping this one leaves it running).
 */
export async function startPortal(
  options: { rateLimits?: boolean; outboxWorker?: boolean; databaseUrl?: string; captures?: boolean; sharedSandbox?: Sandbox } = {},
): Promise<PortalUnderTest> {
  const root = process.cwd();
  ensureProductionBuild(root);
  const port = await freePort();
  const siteUrl = `http://127.0.0.1:${port}`;
  const sandbox = options.sharedSandbox ?? await createSandbox({
    port: 0,
    token: SANDBOX_TOKEN,
    quiet: true,
    rateLimits: { enabled: options.rateLimits ?? false, per10s: 190, searchPerSecond: 5, daily: 625_000 },
    webhook: { url: `${siteUrl}/api/webhooks/hubspot`, secret: WEBHOOK_SECRET, portalId: 24100001 },
    // Emails (SMTP on an ephemeral port) and SMS (fake Twilio API) captured, for benches that count them.
    captures: options.captures ? { smtpPort: 0, limit: 100_000 } : undefined,
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), "duret-bench-"));
  // BENCH_PROFILE_DIR=/some/dir: the server writes a V8 CPU profile there when it stops (open it in
  // Chrome's DevTools, Performance tab), to see where a page's time goes.
  const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  // BENCH_NODE_ARGS="--trace-gc …": V8 flags for the server only (Node refuses some in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...profile, ...nodeArgs, path.join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", process.env.BENCH_NODE_ARGS ? "inherit" : "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      SITE_URL: siteUrl,
      DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl ?? "",
      HUBSPOT_ACCESS_TOKEN: "",
      HUBSPOT_BASE_PATH: sandbox.url,
      ...(sandbox.smtpPort ? { SANDBOX_SMTP_PORT: String(sandbox.smtpPort) } : {}),
      HUBSPOT_SANDBOX_TOKEN: SANDBOX_TOKEN,
      HUBSPOT_CLIENT_SECRET: WEBHOOK_SECRET,
      AUTH_SECRET,
      // The resilience bench needs the worker (delivery after recovery); page benches measure pages only.
      OUTBOX_WORKER: options.outboxWorker ? "on" : "off",
    },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${siteUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the portal did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: siteUrl,
    sandbox,
    pid: child.pid!,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      if (!options.sharedSandbox) await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Where the bare baseline app's sources are, and where its build goes (its next.config.mjs sets the same). */
const BARE_APP = "bench/bare";
const BARE_DIST = ".next-bench-bare";

/** Newest modification time of the bare app's sources and of the installed Next.js (package-lock.json). */
function newestBareMtime(root: string): number {
  let newest = statSync(path.join(root, "package-lock.json")).mtimeMs;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  walk(path.join(root, BARE_APP));
  return newest;
}

/** The bare app's environment: the portal's build settings (NEXT_DIST_DIR…) must not reach it. */
function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extra };
  delete env.NEXT_DIST_DIR;
  return env;
}

/**
 * The load bench's baseline: bench/bare, a one-page Next.js app with no data, built with the
 * project's own `next` (`next build`, as the portal) unless a build of its current sources exists
 * (BENCH_REBUILD as for the portal), and served by `next start` on a free port, on this machine.
 */
export async function startBarePage(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const root = process.cwd();
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const buildId = path.join(root, BARE_DIST, "BUILD_ID");
  const stale = process.env.BENCH_REBUILD !== "0" && existsSync(buildId) && statSync(buildId).mtimeMs < newestBareMtime(root);
  if (!existsSync(buildId) || stale || process.env.BENCH_REBUILD === "1") {
    console.log("· no build of the bare baseline app (bench/bare): running `next build bench/bare` (≈ 1 min)…");
    const build = spawnSync(process.execPath, [next, "build", BARE_APP], { stdio: "inherit", env: bareEnv() });
    if (build.status !== 0) throw new Error("next build of bench/bare failed");
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, next, "start", BARE_APP, "-p", String(port), "-H", "127.0.0.1"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: bareEnv({ NODE_ENV: "production", PORT: String(port) }),
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the bare baseline app did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    },
  };
}

/**
 * A contact's tickets in the Interventions pipeline, in the sandbox's association order. Picked by
 * pipeline id (resolved from the sandbox's pipelines by the label of the portal's definition, as the
 * portal resolves it), never by position: a contact's tickets also include Service client requests,
 * which the intervention page answers with a 404.
 */
export function interventionIdsOf(sandbox: Sandbox, contactId: string): string[] {
  const pipelineId = pipelineIdByKey({ pipelines: sandbox.store.pipelines } as SandboxState, "interventions");
  if (!pipelineId) throw new Error("the sandbox has no Interventions pipeline");
  return sandbox.store
    .associations("contacts", contactId, "tickets")
    .map((a) => sandbox.store.getObject("tickets", a.toId))
    .filter((ticket) => ticket?.properties.hs_pipeline === pipelineId)
    .map((ticket) => ticket!.id);
}

/** A fresh database on a PostgreSQL server (created here, dropped by `drop`), for benches that measure the production set-up. */
export async function createDatabase(serverUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: pg } = await import("pg");
  const name = `duret_bench_${label}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Whether a PostgreSQL server answers at this URL (benches that can also measure it skip it otherwise). */
export async function postgresAnswers(serverUrl: string): Promise<boolean> {
  const { default: pg } = await import("pg");
  const c = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}
