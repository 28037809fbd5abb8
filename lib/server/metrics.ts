import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { isLoopbackClient } from "@/lib/client-address";
import { currentDb } from "@/lib/db/current";
import { getEnv } from "@/lib/env";
import { budgetUsage } from "@/lib/hubspot/budget";
import { outboxSnapshot } from "@/lib/outbox/metrics";
import { metrics } from "@/lib/telemetry/metrics";

/**
 * The Prometheus text of GET /api/metrics: the counters kept by this process (HubSpot attempts and
 * 429s, failed deliveries, Node's own) and the gauges read from the database at scrape time, which
 * every instance shares (the HubSpot budget's current window, the outbox by status and its lag).
 */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  const db = await currentDb();
  const [budget, outbox] = await Promise.all([budgetUsage(db), outboxSnapshot(db)]);
  for (const [bucket, { used, limit }] of Object.entries(budget)) {
    m.hubspotBudgetUsed.set({ bucket }, used);
    m.hubspotBudgetRemaining.set({ bucket }, Math.max(0, limit - used));
  }
  for (const [status, count] of Object.entries(outbox.byStatus)) m.outboxRows.set({ status }, count);
  m.outboxLag.set(outbox.lagSeconds);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

/**
 * Who may scrape: a client on this machine (loopback, as lib/client-address sees it: the socket's
 * peer, or behind TRUSTED_PROXIES the first untrusted hop), or anyone with
 * `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set. Anyone else gets a 404 as for an
 * unknown address (401 only to a caller that sent a wrong bearer token while one is configured).
 */
export function metricsAccess(headers: Headers, env = getEnv()): "allowed" | "unauthorized" | "not-found" {
  const authorization = headers.get("authorization");
  const token = env.METRICS_TOKEN;
  if (token && authorization !== null) {
    const sent = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? "";
    return sameSecret(sent, token) ? "allowed" : "unauthorized";
  }
  return isLoopbackClient(headers, env.TRUSTED_PROXIES) ? "allowed" : "not-found";
}

/** Constant-time comparison of two strings of any length (their digests have one length). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
