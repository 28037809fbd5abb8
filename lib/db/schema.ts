import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The portal's own state. HubSpot stays the system of record for customer data;
 * these tables hold what must be shared by all portal instances.
 */

/** Shared HubSpot request budget: one counter per (bucket, second), summed over a rolling window. */
export const hubspotBudget = pgTable(
  "hubspot_budget",
  {
    bucket: text("bucket").notNull(), // "general" | "search"
    second: bigint("second", { mode: "number" }).notNull(), // unix epoch second
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.second] })],
);

/** Read-through cache of HubSpot reads, shared by instances, invalidated by tag. */
export const hubspotCache = pgTable(
  "hubspot_cache",
  {
    key: text("key").primaryKey(),
    value: jsonb("value").notNull(),
    tags: text("tags").array().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("hubspot_cache_tags_idx").using("gin", t.tags), index("hubspot_cache_expires_idx").on(t.expiresAt)],
);

/** HubSpot webhook events already processed (HubSpot retries and does not order events). */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    eventId: text("event_id").primaryKey(),
    subscriptionType: text("subscription_type").notNull(),
    objectId: text("object_id"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("webhook_events_received_idx").on(t.receivedAt)],
);

/**
 * Last invalidation time per cache tag. A loader that started before an invalidation of one of
 * its tags does not write its (possibly stale) result: see lib/hubspot/cache.ts.
 */
export const hubspotCacheInvalidations = pgTable(
  "hubspot_cache_invalidations",
  {
    tag: text("tag").primaryKey(),
    invalidatedAt: timestamp("invalidated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("hubspot_cache_invalidations_at_idx").on(t.invalidatedAt)],
);
