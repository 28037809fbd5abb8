import "server-only";
import { Client } from "@hubspot/api-client";
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/process/singleton";

/**
 * The process's single HubSpot SDK client: the only import of `@hubspot/api-client`.
 *
 * One Client per process because the SDK's retry/limiter decorators are process-global
 * (in @hubspot/api-client, every `new Client()` sets them on the singleton ApiDecoratorService):
 * a second Client would silently change the first one's behaviour.
 * - `numberOfApiCallRetries: 1`: RetryDecorator treats N as N attempts, so the SDK makes a single
 *   attempt; retries live in call.ts, bounded by HUBSPOT_MAX_WAIT_MS (the SDK's own 429 retry
 *   sleeps 10 s × attempt inside a customer's request).
 * - no `limiterOptions`: the shared Postgres budget (budget.ts) replaces the in-process limiter.
 */
export interface HubSpotTarget {
  basePath: string;
  token: string;
}

type Holder = { client?: Client; target?: HubSpotTarget; override?: HubSpotTarget };
const holder = processSingleton<Holder>("__duretHubSpot", () => ({}));

function currentTarget(): HubSpotTarget {
  if (holder.override) return holder.override;
  const env = getEnv();
  return { basePath: env.hubspotBasePath.replace(/\/+$/, ""), token: env.hubspotToken };
}

export function getHubSpotClient(): Client {
  const target = currentTarget();
  if (!holder.client || holder.target?.basePath !== target.basePath || holder.target.token !== target.token) {
    holder.client = new Client({ accessToken: target.token, basePath: target.basePath, numberOfApiCallRetries: 1 });
    holder.target = target;
  }
  return holder.client;
}

/** Where requests go (used to build absolute URLs, e.g. for file downloads). */
export function getHubSpotTarget(): HubSpotTarget {
  return currentTarget();
}

/** Tests point the client at an ephemeral sandbox or a fake HubSpot. */
export function configureHubSpotForTests(target: HubSpotTarget): void {
  holder.override = { basePath: target.basePath.replace(/\/+$/, ""), token: target.token };
  holder.client = undefined;
}

/** Back to the configuration from getEnv(). */
export function resetHubSpotClientForTests(): void {
  holder.override = undefined;
  holder.client = undefined;
  holder.target = undefined;
}
