import { createHash, createHmac } from "node:crypto";
import { OBJECT_TYPE_IDS, type CrmObjectType } from "@/lib/hubspot/spec";
import type { StoreEvent } from "@/sandbox/store";

export interface WebhookConfig {
  url: string;
  secret: string;
  appId?: number;
  portalId: number;
  batchDelayMs?: number;
  /** Delay before the first retry; doubles each attempt (HubSpot backs off exponentially). */
  retryBaseMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
}

export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  changeFlag?: string;
  sourceId?: string;
  propertyName?: string;
  propertyValue?: string;
  /** Generic `object.*` subscriptions only (e.g. "0-46" for notes). */
  objectTypeId?: string;
}

const SUBSCRIBED: Partial<Record<CrmObjectType, string>> = { contacts: "contact", tickets: "ticket", deals: "deal" };
/**
 * Engagements have no classic subscriptions; HubSpot's generic `object.*` subscriptions cover them
 * (HubSpot's docs, "Create generic webhook subscriptions": `object.creation` with an objectTypeId).
 * The portal subscribes to note creation: a staff reply that does not
 * move its ticket still reaches the customer's thread and notice.
 */
const GENERIC: Partial<Record<CrmObjectType, StoreEvent["kind"][]>> = { notes: ["creation"] };
/** Stable per-subscription ids so that receivers can tell subscriptions apart. */
const SUBSCRIPTION_IDS: Record<string, number> = {
  creation: 1_000_001,
  deletion: 1_000_002,
  propertyChange: 1_000_003,
  privacyDeletion: 1_000_004,
};

/** v3: base64(HMAC-SHA256(secret, method + uri + body + timestamp)). */
export function signV3(secret: string, method: string, uri: string, body: string, timestamp: number | string): string {
  return createHmac("sha256", secret).update(`${method}${uri}${body}${timestamp}`, "utf8").digest("base64");
}
/** v1: hex(SHA-256(secret + body)), still sent by HubSpot for CRM object subscriptions. */
export function signV1(secret: string, body: string): string {
  return createHash("sha256").update(`${secret}${body}`, "utf8").digest("hex");
}

export interface DeliveryRecord {
  attemptNumber: number;
  status: number | "error";
  events: number;
  at: number;
}

/**
 * Queues CRM changes as HubSpot webhook events and POSTs them in signed batches (≤100) after a short
 * delay, retrying 5xx/timeouts/connection errors with exponential backoff and giving up on 4xx.
 */
export class WebhookDispatcher {
  private queue: WebhookEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextEventId: number;
  private inFlight = new Set<Promise<void>>();
  private closed = false;
  readonly deliveries: DeliveryRecord[] = [];
  private retryTimers = new Map<NodeJS.Timeout, () => void>();

  constructor(private config: WebhookConfig) {
    // Start from a time-based id so ids stay unique across sandbox restarts (receivers de-duplicate by eventId).
    this.nextEventId = Date.now() * 10;
  }

  handle(e: StoreEvent): void {
    if (this.closed) return;
    const generic = GENERIC[e.objectType]?.includes(e.kind) ?? false;
    const prefix = generic ? "object" : SUBSCRIBED[e.objectType];
    if (!prefix) return;
    if (e.kind === "privacyDeletion" && e.objectType !== "contacts") return;
    const event: WebhookEvent = {
      eventId: this.nextEventId++,
      subscriptionId: SUBSCRIPTION_IDS[e.kind] ?? 1_000_000,
      portalId: this.config.portalId,
      appId: this.config.appId ?? 1_000_000,
      occurredAt: e.occurredAt,
      subscriptionType: `${prefix}.${e.kind}`,
      attemptNumber: 0,
      objectId: Number(e.objectId),
      changeSource: e.changeSource,
    };
    if (generic) event.objectTypeId = OBJECT_TYPE_IDS[e.objectType];
    if (e.kind === "creation") event.changeFlag = "NEW";
    if (e.kind === "deletion") event.changeFlag = "DELETED";
    if (e.changeSource === "CRM_UI") event.sourceId = "userId:1000001";
    if (e.kind === "propertyChange") {
      event.propertyName = e.propertyName;
      event.propertyValue = e.propertyValue ?? "";
    }
    this.queue.push(event);
    if (this.queue.length >= 100) this.flushQueue();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flushQueue(), this.config.batchDelayMs ?? 150);
      this.timer.unref?.();
    }
  }

  private flushQueue(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length) {
      const batch = this.queue.splice(0, 100);
      this.track(this.deliver(batch, 0));
    }
  }

  private track(p: Promise<void>) {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async deliver(batch: WebhookEvent[], attempt: number): Promise<void> {
    const events = batch.map((e) => ({ ...e, attemptNumber: attempt }));
    const body = JSON.stringify(events);
    const timestamp = Date.now();
    const { url, secret } = this.config;
    let status: number | "error" = "error";
    try {
      const res = await fetch(url, {
        method: "POST",
        body,
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "HubSpot Connect 2.0 (http://dev.hubspot.com/) (sandbox)",
          "X-HubSpot-Signature-v3": signV3(secret, "POST", url, body, timestamp),
          "X-HubSpot-Request-Timestamp": String(timestamp),
          "X-HubSpot-Signature-Version": "v1",
          "X-HubSpot-Signature": signV1(secret, body),
        },
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 5000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = "error";
    }
    this.deliveries.push({ attemptNumber: attempt, status, events: events.length, at: Date.now() });
    if (this.deliveries.length > 1000) this.deliveries.splice(0, this.deliveries.length - 1000);
    const retryable = status === "error" || status >= 500 || status === 429;
    const maxAttempts = this.config.maxAttempts ?? 5;
    if (!retryable || attempt + 1 >= maxAttempts || this.closed) return;
    const delay = (this.config.retryBaseMs ?? 1000) * 2 ** attempt;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        this.retryTimers.delete(t);
        resolve();
      }, delay);
      t.unref?.();
      this.retryTimers.set(t, resolve);
    });
    if (!this.closed) await this.deliver(batch, attempt + 1);
  }

  /** Sends everything queued now and waits until every delivery (retries included) has finished. */
  async drain(): Promise<void> {
    this.flushQueue();
    await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.flushQueue();
    this.closed = true;
    // Wake pending retries so that they see `closed` and stop.
    for (const [t, resolve] of this.retryTimers) {
      clearTimeout(t);
      resolve();
    }
    this.retryTimers.clear();
    await Promise.allSettled([...this.inFlight]);
  }
}
