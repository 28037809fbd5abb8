import "server-only";
import { processSingleton } from "@/lib/process/singleton";
import { runWithJobClock } from "@/lib/time/job-clock";

/**
 * HubSpot writes delivered by the outbox, by operation name ("booking.create", …). Later issues
 * register theirs at module load of their domain code (imported by lib/outbox/register.ts).
 *
 * Contract for a handler — at-least-once delivery means it may run again for the same row:
 * - it must be idempotent: use `ctx.idempotencyKey` as a unique-value property in HubSpot
 *   (HubSpot's CRM API docs: batch upsert by `idProperty`) or check for the object it would create first;
 * - it validates `args` with zod (rows outlive deployments: yesterday's shape must still parse);
 * - it throws PermanentDeliveryError for a write HubSpot will never accept (validation errors),
 *   any other error is retried with backoff;
 * - what it returns (JSON) is stored as the row's `result` (e.g. the created object's id).
 */
export interface HubSpotWriteContext {
  idempotencyKey: string;
  contactId: string | null;
  /** 1 on the first attempt. */
  attempt: number;
}

export type HubSpotWriteHandler = (args: unknown, ctx: HubSpotWriteContext) => Promise<unknown>;

type Registry = Map<string, HubSpotWriteHandler>;
const registry = processSingleton<Registry>("__duretOutboxHandlers", () => new Map());

export function registerHubSpotWrite(operation: string, handler: HubSpotWriteHandler): void {
  registry.set(operation, handler);
}

/** Runs around every handler (lib/server/register.ts gives HubSpot calls the outbox's longer budget). */
type Around = <T>(run: () => Promise<T>) => Promise<T>;
const around = processSingleton<{ fn: Around }>("__duretOutboxHandlerAround", () => ({ fn: (run) => run() }));

export function setHubSpotWriteAround(fn: Around): void {
  around.fn = fn;
}

/** Runs a handler inside the wrapper, on the worker's clock (injected in tests; lib/time/job-clock.ts). */
export function runHubSpotWrite<T>(run: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  return runWithJobClock(now, () => around.fn(run));
}

export function hubSpotWriteHandler(operation: string): HubSpotWriteHandler | undefined {
  return registry.get(operation);
}

/** For tests. */
export function unregisterHubSpotWrite(operation: string): void {
  registry.delete(operation);
}
