import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { DbHandle } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { configureHubSpotCallForTests, resetHubSpotCallMetrics } from "@/lib/hubspot/call";
import { clearHubSpotCache } from "@/lib/hubspot/cache";
import { configureHubSpotForTests, resetHubSpotClientForTests } from "@/lib/hubspot/client";
import { setDbForTests } from "@/lib/db/current";
import { handleHubSpotWebhook } from "@/lib/hubspot/webhooks";
import { createSandbox, type Sandbox, type SandboxOptions } from "@/sandbox/server";
import type { SeedResult } from "@/sandbox/types";
import { openTestDb } from "../../support/db";

export const TOKEN = "hubspot-layer-test-token";
export const SECRET = "hubspot-layer-test-secret";

/**
 * The HubSpot layer wired to real parts: an ephemeral sandbox (HubSpot's wire format), a fresh
 * test database (budget, cache, webhook events), and an HTTP server that runs the webhook route
 * handler so the sandbox's signed webhooks reach it as they would in production.
 */
export interface Stack {
  sandbox: Sandbox;
  db: DbHandle;
  seed: SeedResult;
  siteUrl: string;
  control(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> | null }>;
  sandboxStats(): Promise<number>;
  close(): Promise<void>;
}

export async function startStack(
  seedFn: () => Promise<SeedResult> | SeedResult,
  opts: { webhooks?: boolean; /** The sandbox's clock for injected faults (SandboxOptions.clock). */ sandboxClock?: SandboxOptions["clock"] } = {},
): Promise<Stack> {
  const seed = await seedFn();
  const db = await openTestDb();
  setDbForTests(db.db);

  let webhookServer: Server | undefined;
  let siteUrl = "http://127.0.0.1:1";
  if (opts.webhooks) {
    webhookServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const request = new Request(`http://127.0.0.1${req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        });
        const response = await handleHubSpotWebhook(request);
        res.writeHead(response.status, { "content-type": "application/json" });
        res.end(await response.text());
      });
    });
    await new Promise<void>((r) => webhookServer!.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}`;
  }
  process.env.SITE_URL = siteUrl;
  process.env.HUBSPOT_CLIENT_SECRET = SECRET;
  resetEnvForTests();

  const sandbox = await createSandbox({
    port: 0,
    token: TOKEN,
    quiet: true,
    seed: () => seed,
    rateLimits: { enabled: true, per10s: 190, searchPerSecond: 5, daily: 625_000 },
    webhook: opts.webhooks ? { url: `${siteUrl}/api/webhooks/hubspot`, secret: SECRET, portalId: 24100001, batchDelayMs: 0 } : undefined,
    clock: opts.sandboxClock,
  });
  configureHubSpotForTests({ basePath: sandbox.url, token: TOKEN });
  configureHubSpotCallForTests({});
  resetHubSpotCallMetrics();
  await clearHubSpotCache(db.db);

  const control = async (path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method: body === undefined && !path.endsWith("/reset") ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
  };
  return {
    sandbox,
    db,
    seed,
    siteUrl,
    control,
    async sandboxStats() {
      const stats = await control("/stats");
      return Number(stats.body?.total ?? 0);
    },
    async close() {
      await sandbox.close();
      if (webhookServer) {
        webhookServer.closeAllConnections();
        await new Promise<void>((r) => webhookServer!.close(() => r()));
      }
      setDbForTests(undefined);
      resetHubSpotClientForTests();
      delete process.env.SITE_URL;
      delete process.env.HUBSPOT_CLIENT_SECRET;
      resetEnvForTests();
      await db.close();
    },
  };
}
