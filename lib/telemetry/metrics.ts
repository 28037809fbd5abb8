import "server-only";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { processSingleton } from "@/lib/process/singleton";

/**
 * The portal's Prometheus metrics, one registry per process (every bundle shares it), scraped at
 * GET /api/metrics (lib/server/metrics.ts fills the gauges read from the database at scrape time).
 * Labels are fixed small sets (operation names, statuses, kinds): never an id or personal data.
 */
function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "duret_" });
  const registers = [registry];
  return {
    registry,
    hubspotRequests: new Counter({
      name: "duret_hubspot_requests_total",
      help: "HTTP attempts sent to HubSpot, by outcome (ok, 429, 5xx, 4xx, timeout, network, error)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    hubspotRateLimited: new Counter({
      name: "duret_hubspot_rate_limited_total",
      help: "HubSpot answers 429 (rate limited), by policy (TEN_SECONDLY_ROLLING, SECONDLY, DAILY, unknown)",
      labelNames: ["policy"] as const,
      registers,
    }),
    hubspotBudgetUsed: new Gauge({
      name: "duret_hubspot_budget_used",
      help: "HubSpot requests taken in the current window, all instances (bucket general: 10 s, search: 1 s)",
      labelNames: ["bucket"] as const,
      registers,
    }),
    hubspotBudgetRemaining: new Gauge({
      name: "duret_hubspot_budget_remaining",
      help: "HubSpot requests left in the current window, all instances",
      labelNames: ["bucket"] as const,
      registers,
    }),
    outboxRows: new Gauge({
      name: "duret_outbox_rows",
      help: "Outbox rows by status (pending, sending, dead, discarded; sent rows are pruned after 30 days)",
      labelNames: ["status"] as const,
      registers,
    }),
    outboxLag: new Gauge({
      name: "duret_outbox_lag_seconds",
      help: "Age of the oldest pending row that is due (0 when none is waiting)",
      registers,
    }),
    outboxFailures: new Counter({
      name: "duret_outbox_failed_deliveries_total",
      help: "Outbox delivery attempts that failed, by kind and outcome (retried, dead)",
      labelNames: ["kind", "outcome"] as const,
      registers,
    }),
  };
}

export type PortalMetrics = ReturnType<typeof create>;

export function metrics(): PortalMetrics {
  return processSingleton("__duretMetrics", create);
}
