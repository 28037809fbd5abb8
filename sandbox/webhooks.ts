import { createHash, createHmac } from "node:crypto";
import { LEGACY_ASSOCIATION_TYPES, LEGACY_PREFIX, matchingSubscriptions, PROJECT_WEBHOOKS, type WebhookSubscription } from "@/lib/hubspot/project-webhooks";
import { OBJECT_TYPE_IDS, type CrmObjectType } from "@/lib/hubspot/spec";
import { associationTypeName, reverseTypeId, type StoreEvent } from "@/sandbox/store";

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
  /** Which changes become events (SANDBOX_WEBHOOKS); default "project". */
  subscriptions?: WebhookSubscriptionMode;
}

/**
 * "project": only what the committed HubSpot project subscribes to (hubspot/…/webhooks-hsmeta.json),
 * as real HubSpot would send; "all": every change of every object, for diagnosis.
 */
export type WebhookSubscriptionMode = "project" | "all";
export const WEBHOOK_SUBSCRIPTION_MODES: readonly WebhookSubscriptionMode[] = ["project", "all"];

export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  /** Absent from association changes (they name fromObjectId and toObjectId). */
  objectId?: number;
  changeSource: string;
  changeFlag?: string;
  sourceId?: string;
  propertyName?: string;
  propertyValue?: string;
  /** Generic `object.*` subscriptions only (e.g. "0-46" for notes). */
  objectTypeId?: string;
  // association changes
  fromObjectId?: number;
  toObjectId?: number;
  /** Classic `contact.associationChange`…: "CONTACT_TO_TICKET". */
  associationType?: string;
  /** Generic `object.associationChange`: the two ends' type ids and the association type id. */
  fromObjectTypeId?: string;
  toObjectTypeId?: string;
  associationTypeId?: number;
  associationCategory?: string;
  associationRemoved?: boolean;
  isPrimaryAssociation?: boolean;
}

/** One event to send: the subscription it answers and how it is written. */
interface Target {
  subscriptionType: string;
  subscriptionId: number;
  generic: boolean;
}

/** "all" mode: the classic subscription where HubSpot has one, else the generic one. */
const ALL_MODE_IDS: Record<string, number> = {
  creation: 1_000_001,
  deletion: 1_000_002,
  propertyChange: 1_000_003,
  privacyDeletion: 1_000_004,
  associationChange: 1_000_005,
};
function allModeTarget(type: CrmObjectType, kind: StoreEvent["kind"]): Target | undefined {
  if (kind === "privacyDeletion" && type !== "contacts") return undefined;
  const prefix = LEGACY_PREFIX[type];
  const subscriptionId = ALL_MODE_IDS[kind] ?? 1_000_000;
  return prefix ? { subscriptionType: `${prefix}.${kind}`, subscriptionId, generic: false } : { subscriptionType: `object.${kind}`, subscriptionId, generic: true };
}

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
  /** What becomes events: the project's subscriptions (default) or every change. */
  subscriptionMode: WebhookSubscriptionMode;
  private readonly subscriptions: readonly WebhookSubscription[];

  constructor(
    private config: WebhookConfig,
    subscriptions: readonly WebhookSubscription[] = PROJECT_WEBHOOKS.subscriptions,
  ) {
    this.subscriptionMode = config.subscriptions ?? "project";
    this.subscriptions = subscriptions;
    // Start from a time-based id so ids stay unique across sandbox restarts (receivers de-duplicate by eventId).
    this.nextEventId = Date.now() * 10;
  }

  handle(e: StoreEvent): void {
    if (this.closed) return;
    if (e.kind === "associationChange") return this.handleAssociation(e);
    for (const target of this.targets(e.objectType, e.kind, e.propertyName)) {
      const event = this.base(e, target);
      event.objectId = Number(e.objectId);
      if (target.generic) event.objectTypeId = OBJECT_TYPE_IDS[e.objectType];
      if (e.kind === "creation") event.changeFlag = "NEW";
      if (e.kind === "deletion") event.changeFlag = "DELETED";
      if (e.kind === "propertyChange") {
        event.propertyName = e.propertyName;
        event.propertyValue = e.propertyValue ?? "";
      }
      this.enqueue(event);
    }
  }

  private targets(type: CrmObjectType, kind: StoreEvent["kind"], propertyName?: string): Target[] {
    if (this.subscriptionMode === "all") {
      const target = allModeTarget(type, kind);
      return target ? [target] : [];
    }
    return matchingSubscriptions(this.subscriptions, type, kind, propertyName).map((s) => ({ subscriptionType: s.subscriptionType, subscriptionId: s.subscriptionId, generic: s.format === "generic" }));
  }

  /**
   * One link seen from each end: an end whose type has an associationChange subscription gets an
   * event naming it as `from`. Classic ones only fire between classic types (contact, deal, ticket,
   * line item); generic ones carry both ends' type ids. HubSpot does not document whether a
   * classic subscription also fires for a generic-only type on the other end: the sandbox assumes
   * it does not (the stricter case), so such links need the generic subscription of that type.
   */
  private handleAssociation(e: StoreEvent): void {
    const a = e.association;
    if (!a) return;
    const ends = [
      { from: e.objectType, fromId: e.objectId, to: a.toObjectType, toId: a.toObjectId, typeId: a.typeId },
      { from: a.toObjectType, fromId: a.toObjectId, to: e.objectType, toId: e.objectId, typeId: reverseTypeId(a.typeId) },
    ];
    for (const end of ends) {
      const legacyPair = LEGACY_ASSOCIATION_TYPES.has(end.from) && LEGACY_ASSOCIATION_TYPES.has(end.to);
      for (const target of this.targets(end.from, "associationChange")) {
        if (!target.generic && !legacyPair) continue;
        const event = this.base(e, target);
        event.fromObjectId = Number(end.fromId);
        event.toObjectId = Number(end.toId);
        if (target.generic) {
          event.fromObjectTypeId = OBJECT_TYPE_IDS[end.from];
          event.toObjectTypeId = OBJECT_TYPE_IDS[end.to];
          event.associationTypeId = end.typeId;
          event.associationCategory = "HUBSPOT_DEFINED";
        } else {
          event.associationType = associationTypeName(end.from, end.to, end.typeId).toUpperCase();
        }
        event.associationRemoved = a.removed;
        event.isPrimaryAssociation = false;
        this.enqueue(event);
      }
    }
  }

  private base(e: StoreEvent, target: Target): WebhookEvent {
    const event: WebhookEvent = {
      eventId: this.nextEventId++,
      subscriptionId: target.subscriptionId,
      portalId: this.config.portalId,
      appId: this.config.appId ?? 1_000_000,
      occurredAt: e.occurredAt,
      subscriptionType: target.subscriptionType,
      attemptNumber: 0,
      changeSource: e.changeSource,
    };
    if (e.changeSource === "CRM_UI") event.sourceId = "userId:1000001";
    return event;
  }

  private enqueue(event: WebhookEvent): void {
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
