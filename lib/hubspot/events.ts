import "server-only";
import { EventEmitter } from "node:events";
import { processSingleton } from "@/lib/process/singleton";
import { log } from "@/lib/log";

/**
 * In-process notification of HubSpot changes (verified webhooks, and later the portal's own
 * writes). The live-update issue extends this across instances (Postgres LISTEN/NOTIFY); listeners
 * here only see changes received by this instance.
 */
export interface HubSpotChange {
  /** e.g. "tickets", "contacts", "deals" (spec.ts CrmObjectType names) or HubSpot's objectTypeId when unknown. */
  objectType: string;
  objectId: string;
  /** HubSpot's subscription type, e.g. "ticket.propertyChange". */
  subscriptionType: string;
  propertyName?: string;
  propertyValue?: string | null;
  /** Contacts known to own the object (for per-customer fan-out). */
  contactIds: string[];
  occurredAt: number | null;
  eventId: string;
}

type Listener = (change: HubSpotChange) => void;
type Holder = { emitter?: EventEmitter };
const holder = processSingleton<Holder>("__duretHubSpotEvents", () => ({}));
const emitter = (holder.emitter ??= new EventEmitter().setMaxListeners(0));

/** Subscribes; returns the unsubscribe function. */
export function onHubSpotChange(listener: Listener): () => void {
  emitter.on("change", listener);
  return () => emitter.off("change", listener);
}

export function emitHubSpotChange(change: HubSpotChange): void {
  // One listener's failure must not stop the others nor the webhook's answer to HubSpot.
  for (const listener of emitter.listeners("change") as Listener[]) {
    try {
      listener(change);
    } catch (error) {
      log.error({ scope: "hubspot", err: error }, "HubSpot change listener failed");
    }
  }
}
