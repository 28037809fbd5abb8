import "server-only";
import { processSingleton } from "@/lib/process/singleton";

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

export function hubSpotWriteHandler(operation: string): HubSpotWriteHandler | undefined {
  return registry.get(operation);
}

/** For tests. */
export function unregisterHubSpotWrite(operation: string): void {
  registry.delete(operation);
}
