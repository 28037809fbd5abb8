import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { READ_PROPERTIES } from "@/lib/hubspot/mappers";
import { LEGACY_ASSOCIATION_TYPES, matchingSubscriptions, parseWebhooksFile, PROJECT_WEBHOOKS } from "@/lib/hubspot/project-webhooks";
import type { CrmObjectType } from "@/lib/hubspot/spec";

/**
 * The committed HubSpot project (hubspot/) must stay true to the code: real HubSpot sends only what
 * it subscribes to, so a property the portal reads without a subscription would go stale in the
 * cache until its TTL, silently.
 */

const root = path.resolve(import.meta.dirname, "../..");
const json = (file: string) => JSON.parse(readFileSync(path.join(root, "hubspot", file), "utf8")) as Record<string, any>;

/** Read but needing no subscription, each with its reason. Anything else read must be subscribed. */
const NOT_SUBSCRIBED: Partial<Record<CrmObjectType, Record<string, string>>> = {
  tickets: {
    createdate: "set once at creation (the creation event covers it)",
    hs_lastmodifieddate: "changes with every other change, each of which has its own event",
  },
  quotes: { hs_createdate: "set once at creation (the creation event covers it)" },
  notes: { hs_created_by_user_id: "set once at creation, by HubSpot (the creation event covers it)" },
};
/**
 * Custom properties on notes and meetings: HubSpot has no crm.schemas scope for engagements, so
 * these are being removed from the portal (issue 15); they must not be subscribed to meanwhile.
 */
const LEAVING = new Set(["notes.portal_visible", "notes.portal_author", "meetings.portal_booking_id"]);

/** The associations the portal follows to build a customer's lists (queries.ts, meetings.ts). */
const FOLLOWED: [CrmObjectType, CrmObjectType][] = [
  ["contacts", "tickets"],
  ["contacts", "meetings"],
  ["contacts", "quotes"],
  ["contacts", "invoices"],
  ["contacts", "deals"],
  ["tickets", "notes"],
  ["tickets", "meetings"],
  ["quotes", "line_items"],
  ["deals", "quotes"],
];

describe("hubspot/ project", () => {
  const subs = PROJECT_WEBHOOKS.subscriptions;

  it("subscribes to a change of every property the portal reads", () => {
    const missing: string[] = [];
    for (const [type, properties] of Object.entries(READ_PROPERTIES) as [CrmObjectType, readonly string[]][]) {
      for (const property of properties) {
        if (NOT_SUBSCRIBED[type]?.[property] || LEAVING.has(`${type}.${property}`)) continue;
        if (matchingSubscriptions(subs, type, "propertyChange", property).length === 0) missing.push(`${type}.${property}`);
      }
    }
    expect(missing, "add them to hubspot/src/app/webhooks/webhooks-hsmeta.json").toEqual([]);
    for (const name of LEAVING) {
      const [type, property] = name.split(".") as [CrmObjectType, string];
      expect(matchingSubscriptions(subs, type, "propertyChange", property), name).toEqual([]);
    }
  });

  it("subscribes to the creation and deletion of every object type read, and to contact erasure", () => {
    for (const type of Object.keys(READ_PROPERTIES) as CrmObjectType[]) {
      if (type !== "line_items") expect(matchingSubscriptions(subs, type, "creation"), `${type} creation`).not.toEqual([]);
      expect(matchingSubscriptions(subs, type, "deletion"), `${type} deletion`).not.toEqual([]);
    }
    expect(subs.find((s) => s.subscriptionType === "contact.privacyDeletion")?.format).toBe("hub");
  });

  it("hears every association the portal follows from at least one end (classic ones only between classic types)", () => {
    const fires = (from: CrmObjectType, to: CrmObjectType) =>
      matchingSubscriptions(subs, from, "associationChange").some((s) => s.format === "generic" || (LEGACY_ASSOCIATION_TYPES.has(from) && LEGACY_ASSOCIATION_TYPES.has(to)));
    for (const [a, b] of FOLLOWED) expect(fires(a, b) || fires(b, a), `${a} ↔ ${b}`).toBe(true);
  });

  it("targets the portal's webhook route over https, and gives each subscription its own id", () => {
    expect(PROJECT_WEBHOOKS.targetUrl).toMatch(/^https:\/\/[^/]+\/api\/webhooks\/hubspot$/);
    expect(new Set(subs.map((s) => s.subscriptionId)).size).toBe(subs.length);
    const keys = subs.map((s) => `${s.subscriptionType}:${s.objectType}:${s.propertyName ?? ""}`);
    expect(new Set(keys).size, "a subscription is declared twice").toBe(keys.length);
  });

  it("is a 2025.2 project with one statically authenticated, privately distributed app", () => {
    expect(json("hsproject.json")).toMatchObject({ srcDir: "src", platformVersion: "2025.2" });
    const app = json("src/app/app-hsmeta.json");
    expect(app).toMatchObject({ type: "app", config: { distribution: "private", auth: { type: "static" } } });
    const scopes: string[] = app.config.auth.requiredScopes;
    expect(new Set(scopes).size).toBe(scopes.length);
    // Every scope the README's « Going live » explains, and no other.
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const goingLive = readme.slice(readme.indexOf("## Going live"), readme.indexOf("\n## ", readme.indexOf("## Going live") + 1));
    for (const scope of scopes) expect(goingLive, scope).toContain(`\`${scope}\``);
  });

  it("refuses a file the portal could not place", () => {
    const file = (entry: Record<string, unknown>, list = "legacyCrmObjects") => ({
      uid: "w",
      type: "webhooks",
      config: { settings: { targetUrl: "https://x.example/api/webhooks/hubspot" }, subscriptions: { [list]: [{ active: true, ...entry }] } },
    });
    expect(() => parseWebhooksFile(file({ subscriptionType: "ticket.propertyChange" }))).toThrow(/propertyName/);
    expect(() => parseWebhooksFile(file({ subscriptionType: "ticket.creation", propertyName: "subject" }))).toThrow(/propertyName/);
    expect(() => parseWebhooksFile(file({ subscriptionType: "company.creation" }))).toThrow(/legacyCrmObjects/);
    expect(() => parseWebhooksFile(file({ subscriptionType: "object.creation", objectType: "meeting" }, "crmObjects"))).toThrow(/objectType/);
    expect(() => parseWebhooksFile(file({ subscriptionType: "ticket.creation", activ: true }))).toThrow();
    const inactive = parseWebhooksFile(file({ subscriptionType: "ticket.creation", active: false }));
    expect(inactive.subscriptions).toEqual([]);
  });
});
