import { createHmac } from "node:crypto";
import { SearchIndex, searchLagFromEnv } from "@/sandbox/search-index";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { SeedResult } from "@/sandbox/types";
import { HubSpotError, internal, newCorrelationId, unauthorized } from "@/sandbox/errors";
import { parseJson, readRaw } from "@/sandbox/http/body";
import { Router, type HandlerResult, type RequestContext } from "@/sandbox/http/router";
import { RateLimiter } from "@/sandbox/rate-limit";
import { SandboxStore } from "@/sandbox/store";
import { WebhookDispatcher, type WebhookConfig } from "@/sandbox/webhooks";
import { registerObjectRoutes } from "@/sandbox/routes/objects";
import { registerAssociationRoutes } from "@/sandbox/routes/associations";
import { registerSchemaRoutes } from "@/sandbox/routes/schema";
import { registerOAuthRoutes } from "@/sandbox/routes/oauth";
import { strictnessFromEnv, type Strictness } from "@/sandbox/strict";
import { createFileSigner, registerFileRoutes, signedDownload, SIGNED_PREFIX } from "@/sandbox/routes/files";
import { handleControl, type Faults, type Latency, type Stats } from "@/sandbox/control";
import { CaptureStore } from "@/sandbox/captures/store";
import { startSmtpCapture, type SmtpCapture } from "@/sandbox/captures/smtp";
import { handleTwilio, TWILIO_PREFIX } from "@/sandbox/captures/twilio";
import { BAN_FAULTS_OK, type BanFaults } from "@/sandbox/ban/control";
import { banSearch } from "@/sandbox/ban/search";

export interface SandboxOptions {
  port?: number; // 0 = ephemeral; default 4010
  host?: string; // default "127.0.0.1" (loopback only: control endpoints have no auth)
  token: string; // the only accepted Bearer token
  dataDir?: string; // persist under `${dataDir}/sandbox/`; undefined = memory only
  seed?: () => Promise<SeedResult> | SeedResult;
  rateLimits?: { enabled: boolean; per10s: number; searchPerSecond: number; daily: number };
  webhook?: WebhookConfig;
  quiet?: boolean;
  /**
   * Capture outgoing mail and SMS: an SMTP server on `smtpPort` (0 = ephemeral) and a fake Twilio
   * API under /_twilio (Basic auth: any AC… sid, password = `token`), kept under dataDir.
   */
  captures?: { smtpPort: number; limit?: number };
  /** HubSpot's search index lag in ms (sandbox/search-index.ts); default SANDBOX_SEARCH_LAG_MS or 5000; 0 = none. */
  searchLagMs?: number;
  /**
   * The clock of injected network conditions (latency, timeouts, an outage's end); default the
   * wall clock. Tests pass their own so that no assertion waits on real milliseconds.
   */
  clock?: { now: () => number; sleep: (ms: number) => Promise<void> };
  /** HubSpot's strict behaviours (sandbox/strict.ts); default from the environment, all on. */
  strict?: Partial<Strictness>;
}

export interface Sandbox {
  url: string;
  port: number;
  store: SandboxStore;
  captures?: CaptureStore;
  /** Where the SMTP capture listens, when captures are on. */
  smtpPort?: number;
  close(): Promise<void>;
  flush(): Promise<void>;
  /** Sends the queued webhook events now and waits until every delivery (retries included) has ended. */
  drainWebhooks(): Promise<void>;
}

/** What the control endpoints can see and change. */
export interface SandboxRuntime {
  store: SandboxStore;
  limiter: RateLimiter;
  stats: Stats;
  faults: Faults;
  latency: Latency;
  /** The clock of injected network conditions (SandboxOptions.clock). */
  now: () => number;
  webhooks?: WebhookDispatcher;
  captures?: CaptureStore;
  /** The Base Adresse Nationale copy's faults (`/_sandbox/ban`). */
  ban: BanFaults;
  reset(): Promise<void>;
  log(message: string): void;
}

const defaultSeed = async (): Promise<SeedResult> => {
  const { buildSeed } = await import("@/sandbox/seed");
  return buildSeed();
};

export async function createSandbox(options: SandboxOptions): Promise<Sandbox> {
  const seedFn = options.seed ?? defaultSeed;
  const store = new SandboxStore({ dataDir: options.dataDir });
  store.strictness = { ...strictnessFromEnv(), ...options.strict };
  if (!(await store.loadPersisted())) await store.loadSeed(await seedFn());
  store.searchIndex = new SearchIndex(store, options.clock?.now ?? Date.now, options.searchLagMs ?? searchLagFromEnv());

  const limiter = new RateLimiter(options.rateLimits ?? {});
  const webhooks = options.webhook ? new WebhookDispatcher(options.webhook) : undefined;
  if (webhooks) store.onEvent((e) => webhooks.handle(e));
  const log = (m: string) => {
    if (!options.quiet) console.log(`[hubspot-sandbox] ${m}`);
  };

  const captures = options.captures ? new CaptureStore({ dataDir: options.dataDir, limit: options.captures.limit }) : undefined;
  await captures?.load();

  const runtime: SandboxRuntime = {
    store,
    captures,
    limiter,
    stats: newStats(),
    faults: { mode: "none", probability: 1 },
    latency: { ms: 0, jitterMs: 0 },
    ban: { ...BAN_FAULTS_OK },
    now: options.clock?.now ?? Date.now,
    webhooks,
    async reset() {
      await store.loadSeed(await seedFn());
      store.searchIndex?.clear();
      limiter.reset();
      runtime.stats = newStats();
      runtime.faults = { mode: "none", probability: 1 };
      runtime.latency = { ms: 0, jitterMs: 0 };
      runtime.ban = { ...BAN_FAULTS_OK };
    },
    log,
  };

  const router = new Router();
  registerObjectRoutes(router, store);
  registerAssociationRoutes(router, store);
  registerSchemaRoutes(router, store);
  registerOAuthRoutes(router, store, options.token);
  // Signed URLs must stay valid across restarts, so the key derives from the token.
  const signer = createFileSigner(createHmac("sha256", options.token).update("sandbox-file-urls").digest("hex"));
  registerFileRoutes(router, store, signer);

  const sockets = new Set<Socket>();
  const pending = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Last resort: never let an exception escape and kill the process.
      if (!res.headersSent) send(res, newCorrelationId(), internal().status, internal().body(newCorrelationId()));
      else res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("clientError", (_err, socket) => socket.destroy());

  const wallClockSleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        pending.delete(t);
        resolve();
      }, ms);
      pending.add(t);
    });
  const sleep = options.clock?.sleep ?? wallClockSleep;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const correlationId = newCorrelationId();
    const host = req.headers.host ?? `127.0.0.1:${port}`;
    const baseUrl = `http://${host}`;
    let url: URL;
    try {
      url = new URL(req.url ?? "/", baseUrl);
    } catch {
      url = new URL("/", baseUrl);
    }
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;

    if (path.startsWith("/_sandbox/") || path === "/_sandbox") {
      if (!isLoopback(req.socket.remoteAddress)) return send(res, correlationId, 403, new HubSpotError(403, "FORBIDDEN", "Control endpoints are loopback-only").body(correlationId));
      try {
        const result = await handleControl(runtime, method, path, url.searchParams, () => readJson(req));
        return send(res, correlationId, result.status, result.body);
      } catch (e) {
        const err = e instanceof HubSpotError ? e : internal();
        if (!(e instanceof HubSpotError)) log(`control error: ${String(e)}`);
        return send(res, correlationId, err.status, err.body(correlationId));
      }
    }

    if (captures && path.startsWith(`${TWILIO_PREFIX}/`)) {
      if (!isLoopback(req.socket.remoteAddress)) return send(res, correlationId, 403, { code: 20403, message: "Forbidden", status: 403 });
      try {
        const result = await handleTwilio(captures, options.token, req, method, path, url.searchParams, () => readRaw(req));
        return send(res, correlationId, result.status, result.body);
      } catch (e) {
        log(`twilio fake error: ${String(e)}`);
        return send(res, correlationId, 500, { code: 20500, message: "Internal Server Error", status: 500 });
      }
    }

    // The Base Adresse Nationale (IGN's Géoplateforme), not HubSpot: no token, its own errors.
    if (path === "/geocodage/search") {
      if (method !== "GET") return send(res, correlationId, 405, { code: 405, message: "Method Not Allowed" });
      if (runtime.ban.mode === "down") return send(res, correlationId, 503, { code: 503, message: "Service Unavailable" });
      if (runtime.ban.mode === "slow") await sleep(runtime.ban.latencyMs);
      const result = banSearch(url.searchParams);
      return send(res, correlationId, result.status, result.body);
    }

    if (path.startsWith(`${SIGNED_PREFIX}/`) || path.startsWith("/_hubfs/")) {
      runtime.stats.cdn++;
      try {
        const id = path.startsWith(`${SIGNED_PREFIX}/`) ? decodeURIComponent(path.slice(SIGNED_PREFIX.length + 1).split("/")[0] ?? "") : "";
        if (!id) throw new HubSpotError(403, "FORBIDDEN", "Access denied");
        return sendResult(res, correlationId, await signedDownload(store, signer, id, url.searchParams));
      } catch (e) {
        const err = e instanceof HubSpotError ? e : internal();
        return send(res, correlationId, err.status, err.body(correlationId));
      }
    }

    // HubSpot API path.
    const match = router.match(method, path);
    const template = match.route?.template ?? "UNMATCHED";
    const statKey = `${method} ${template}`;
    let status = 500;
    try {
      const result = await handleApi(req, res, method, path, url, baseUrl, match, template, correlationId);
      if (result === "destroyed") {
        status = 0;
        return;
      }
      // Partial batch failures: 207 (HubSpot), or 200 with the same body when switched off.
      if (result.status === 207 && !store.strictness.batchMultiStatus) result.status = 200;
      status = result.status;
      sendResult(res, correlationId, result);
    } catch (e) {
      const err = e instanceof HubSpotError ? e : internal();
      if (!(e instanceof HubSpotError)) log(`error on ${method} ${path}: ${e instanceof Error ? e.stack : String(e)}`);
      status = err.status;
      send(res, correlationId, err.status, err.body(correlationId), err.headers);
    } finally {
      runtime.stats.total++;
      runtime.stats.byRoute[statKey] = (runtime.stats.byRoute[statKey] ?? 0) + 1;
      runtime.stats.byStatus[String(status)] = (runtime.stats.byStatus[String(status)] ?? 0) + 1;
    }
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    url: URL,
    baseUrl: string,
    match: ReturnType<Router["match"]>,
    template: string,
    correlationId: string,
  ): Promise<HandlerResult | "destroyed"> {
    // Injected network conditions come first: they stand for what happens before HubSpot's API.
    const { latency } = runtime;
    if (latency.ms > 0 || latency.jitterMs > 0) await sleep(Math.max(0, latency.ms + Math.round((Math.random() * 2 - 1) * latency.jitterMs)));
    const fault = activeFault(runtime.faults, path, runtime.now());
    const isWrite = method !== "GET" && method !== "HEAD" && !/\/search$/.test(path);
    if (fault && fault.mode !== "appliedTimeout") {
      if (fault.latencyMs) await sleep(fault.latencyMs);
      switch (fault.mode) {
        case "error5xx": {
          const s = Math.random() < 0.5 ? 502 : 503;
          throw new HubSpotError(s, "INTERNAL_ERROR", s === 502 ? "Bad Gateway" : "Service Unavailable");
        }
        case "rate429":
          throw new HubSpotError(429, undefined, "You have reached your ten_secondly_rolling limit.", {
            extra: { errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING", groupName: "publicapi:ten-secondly-rolling" },
          });
        case "timeout":
          await sleep(fault.timeoutMs ?? 10_000);
          throw new HubSpotError(504, "INTERNAL_ERROR", "Gateway Timeout");
        case "outage":
          // Half of the time the connection just drops, otherwise a 503 from the edge.
          if (Math.random() < 0.5) {
            res.destroy();
            return "destroyed";
          }
          throw new HubSpotError(503, "INTERNAL_ERROR", "Service Unavailable");
      }
    }

    const auth = req.headers.authorization ?? "";
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m || m[1]!.trim() !== options.token) throw unauthorized();

    const isSearch = method === "POST" && (template.endsWith("/search") || template.endsWith("/files/search"));
    const admitted = limiter.admit(options.token, isSearch);
    if (admitted.error) throw admitted.error;

    if (!match.route) {
      throw new HubSpotError(match.methodMismatch ? 405 : 404, match.methodMismatch ? "VALIDATION_ERROR" : "OBJECT_NOT_FOUND", match.methodMismatch ? `HTTP ${method} is not supported by this endpoint` : `Unable to find a route for ${method} ${path}`, {
        headers: admitted.headers,
      });
    }
    const ctx: RequestContext = {
      method,
      path,
      query: url.searchParams,
      params: match.route.params,
      headers: req.headers,
      req,
      template,
      baseUrl,
      readJson: () => readJson(req),
    };
    void correlationId;
    try {
      const result = await match.route.handler(ctx);
      // Applied, then answered too late for the client (it gave up without knowing).
      if (fault?.mode === "appliedTimeout" && isWrite) await sleep(fault.timeoutMs ?? 10_000);
      return { ...result, headers: { ...admitted.headers, ...(result.headers ?? {}) } };
    } catch (e) {
      if (e instanceof HubSpotError) throw new HubSpotError(e.status, e.category, e.message, { errors: e.errors, extra: e.extra, headers: { ...admitted.headers, ...(e.headers ?? {}) } });
      throw e;
    }
  }

  let port = options.port ?? 4010;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, options.host ?? "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const hostForUrl = options.host && options.host !== "0.0.0.0" && options.host !== "::" ? options.host : "127.0.0.1";
  const url = `http://${hostForUrl.includes(":") ? `[${hostForUrl}]` : hostForUrl}:${port}`;
  log(`listening on ${url}`);

  let smtp: SmtpCapture | undefined;
  if (captures && options.captures) {
    try {
      smtp = await startSmtpCapture({ store: captures, port: options.captures.smtpPort, host: options.host ?? "127.0.0.1", log });
      captures.smtpPort = smtp.port;
      log(`SMTP capture on port ${smtp.port}`);
    } catch (error) {
      await webhooks?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw error;
    }
  }

  let closed = false;
  return {
    url,
    port,
    store,
    captures,
    smtpPort: smtp?.port,
    flush: async () => {
      await store.flush();
      await captures?.flush();
    },
    drainWebhooks: async () => {
      await webhooks?.drain();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of pending) clearTimeout(t);
      await webhooks?.close();
      await smtp?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await store.flush();
      await captures?.flush();
    },
  };
}

export interface StatsSnapshot {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  cdn: number;
}
function newStats(): Stats {
  return { total: 0, byRoute: {}, byStatus: {}, cdn: 0, since: new Date().toISOString() };
}

function activeFault(f: Faults, path: string, now: number): Faults | undefined {
  if (f.mode === "none") return undefined;
  if (f.until !== undefined && now > f.until) {
    f.mode = "none";
    return undefined;
  }
  if (f.pathPattern) {
    try {
      if (!new RegExp(f.pathPattern).test(path)) return undefined;
    } catch {
      if (!path.includes(f.pathPattern)) return undefined;
    }
  }
  if (Math.random() >= (f.probability ?? 1)) return undefined;
  return f;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readRaw(req);
  return parseJson(raw.toString("utf8"));
}

function isLoopback(addr: string | undefined): boolean {
  return !addr || addr === "::1" || addr.startsWith("127.") || addr.startsWith("::ffff:127.");
}

function send(res: ServerResponse, correlationId: string, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const h: Record<string, string> = { "X-HubSpot-Correlation-Id": correlationId, ...headers };
  if (status === 204 || body === undefined) {
    res.writeHead(status, h);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...h, "Content-Type": "application/json;charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) });
  res.end(text);
}

function sendResult(res: ServerResponse, correlationId: string, result: HandlerResult): void {
  if (result.raw) {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(result.status, {
      "X-HubSpot-Correlation-Id": correlationId,
      ...(result.headers ?? {}),
      "Content-Type": result.raw.contentType,
      "Content-Length": String(result.raw.bytes.byteLength),
      "Cache-Control": "private, max-age=0",
      ...(result.raw.fileName ? { "Content-Disposition": `inline; filename="${encodeURIComponent(result.raw.fileName)}"` } : {}),
    });
    res.end(Buffer.from(result.raw.bytes.buffer, result.raw.bytes.byteOffset, result.raw.bytes.byteLength));
    return;
  }
  send(res, correlationId, result.status, result.body, result.headers);
}
