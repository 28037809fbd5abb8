import { z } from "zod";
import webhooksFile from "@/hubspot/src/app/webhooks/webhooks-hsmeta.json";
import { CRM_OBJECT_TYPES, type CrmObjectType } from "./spec";

/**
 * The webhook subscriptions of the committed HubSpot project (`hubspot/`, deployed with
 * `hs project upload`; its app and scopes: project.ts). Real HubSpot sends only what they
 * subscribe to, so the sandbox sends exactly that (sandbox/webhooks.ts) and a test checks they
 * cover every property the portal reads (tests/hubspot/project-webhooks.test.ts). No `server-only`: the
 * sandbox uses it.
 *
 * HubSpot's format (developer platform 2025.2, `webhooks/*-hsmeta.json`): `legacyCrmObjects`
 * hold classic types (`contact.propertyChange` + `propertyName`), `crmObjects` the generic
 * `object.*` ones (`objectType` + `propertyName`), `hubEvents` `contact.privacyDeletion`.
 */

export type SubscriptionAction = "creation" | "deletion" | "propertyChange" | "associationChange" | "merge" | "restore" | "privacyDeletion";
const ACTIONS: readonly SubscriptionAction[] = ["creation", "deletion", "propertyChange", "associationChange", "merge", "restore", "privacyDeletion"];

export interface WebhookSubscription {
  /** `legacy`: `contact.creation`…; `generic`: `object.creation` + objectTypeId; `hub`: `contact.privacyDeletion`. */
  format: "legacy" | "generic" | "hub";
  /** As HubSpot puts it in the event: `contact.propertyChange`, `object.creation`… */
  subscriptionType: string;
  objectType: CrmObjectType;
  action: SubscriptionAction;
  propertyName?: string;
  /** Stable per subscription (its place in the file), as HubSpot's subscriptionId is. */
  subscriptionId: number;
}

/** Classic subscription prefixes: HubSpot has them only for these of the portal's types. */
export const LEGACY_PREFIX: Partial<Record<CrmObjectType, string>> = { contacts: "contact", tickets: "ticket", deals: "deal", line_items: "line_item" };
/**
 * Classic `*.associationChange` fires only for associations between classic webhook objects
 * (HubSpot's changelog "New subscription types for webhooks": contact, company, deal, ticket,
 * line_item, product). A contact↔quote or ticket↔note link needs the generic subscription.
 */
export const LEGACY_ASSOCIATION_TYPES: ReadonlySet<CrmObjectType> = new Set(["contacts", "deals", "tickets", "line_items"]);
/**
 * `objectType` names of generic subscriptions: HubSpot's examples use "contact"; its list of
 * supported types names MEETING_EVENT (not MEETING), hence "meeting_event" for meetings.
 */
export const GENERIC_OBJECT_TYPE: Record<CrmObjectType, string> = {
  contacts: "contact",
  tickets: "ticket",
  deals: "deal",
  line_items: "line_item",
  quotes: "quote",
  invoices: "invoice",
  notes: "note",
  meetings: "meeting_event",
};
const TYPE_BY_GENERIC = new Map(CRM_OBJECT_TYPES.map((t) => [GENERIC_OBJECT_TYPE[t], t] as const));
const TYPE_BY_LEGACY = new Map(Object.entries(LEGACY_PREFIX).map(([t, p]) => [p, t as CrmObjectType] as const));

const entry = z.strictObject({
  subscriptionType: z.string(),
  objectType: z.string().optional(),
  propertyName: z.string().min(1).optional(),
  active: z.boolean(),
});
type Entry = z.infer<typeof entry>;
const fileSchema = z.object({
  uid: z.string().min(1),
  type: z.literal("webhooks"),
  config: z.strictObject({
    settings: z.strictObject({ targetUrl: z.string(), maxConcurrentRequests: z.number().int().positive().optional() }),
    subscriptions: z.strictObject({
      crmObjects: z.array(entry).default([]),
      legacyCrmObjects: z.array(entry).default([]),
      hubEvents: z.array(entry).default([]),
    }),
  }),
});

/** Parses a webhooks-hsmeta.json; a subscription the portal cannot place (typo, unknown type) is an error. */
export function parseWebhooksFile(json: unknown): { targetUrl: string; subscriptions: WebhookSubscription[] } {
  const file = fileSchema.parse(json);
  const out: WebhookSubscription[] = [];
  const fail = (e: Entry, why: string): never => {
    throw new Error(`webhooks-hsmeta.json: ${JSON.stringify(e)}: ${why}`);
  };
  let index = 0;
  const add = (format: WebhookSubscription["format"], e: Entry, objectType: CrmObjectType, action: string) => {
    const subscriptionId = 1_000_000 + index++;
    if (!ACTIONS.includes(action as SubscriptionAction)) fail(e, `unknown action ${action}`);
    if ((action === "propertyChange") !== (e.propertyName !== undefined)) fail(e, "propertyName goes with propertyChange, and only with it");
    if (!e.active) return;
    const sub: WebhookSubscription = { format, subscriptionType: e.subscriptionType, objectType, action: action as SubscriptionAction, subscriptionId };
    if (e.propertyName) sub.propertyName = e.propertyName;
    out.push(sub);
  };
  const { crmObjects, legacyCrmObjects, hubEvents } = file.config.subscriptions;
  for (const e of crmObjects) {
    const [prefix, action = ""] = e.subscriptionType.split(".");
    const type = e.objectType ? TYPE_BY_GENERIC.get(e.objectType) : undefined;
    if (prefix !== "object" || !type) fail(e, "crmObjects takes object.* with a known objectType");
    add("generic", e, type!, action);
  }
  for (const e of legacyCrmObjects) {
    const [prefix = "", action = ""] = e.subscriptionType.split(".");
    const type = TYPE_BY_LEGACY.get(prefix);
    if (!type || e.objectType !== undefined || action === "privacyDeletion") fail(e, "legacyCrmObjects takes contact.*, ticket.*, deal.* or line_item.*");
    add("legacy", e, type!, action);
  }
  for (const e of hubEvents) {
    if (e.subscriptionType !== "contact.privacyDeletion") fail(e, "the portal uses only contact.privacyDeletion from hubEvents");
    add("hub", e, "contacts", "privacyDeletion");
  }
  return { targetUrl: file.config.settings.targetUrl, subscriptions: out };
}

/** The committed project's active subscriptions. */
export const PROJECT_WEBHOOKS = parseWebhooksFile(webhooksFile);

/** The subscriptions a change matches (HubSpot sends one event per matching subscription). */
export function matchingSubscriptions(
  subscriptions: readonly WebhookSubscription[],
  objectType: CrmObjectType,
  action: SubscriptionAction,
  propertyName?: string,
): WebhookSubscription[] {
  return subscriptions.filter((s) => s.objectType === objectType && s.action === action && (action !== "propertyChange" || s.propertyName === propertyName));
}
