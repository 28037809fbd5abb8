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

/* ------------------------------------------------------------------ sign-in and sessions */

/**
 * One sign-in attempt: an email link or an SMS code. Only hashes are stored: a SHA-256 of the
 * link token (it has 256 bits of entropy), a slow salted hash (scrypt) of the 6-digit code.
 * The row id is the attempt id the browser carries, so a code only works for its own attempt.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: text("id").primaryKey(),
    channel: text("channel").notNull(), // "email" | "sms"
    identity: text("identity").notNull(), // normalised email or E.164 phone
    secretHash: text("secret_hash").notNull(),
    failedTries: integer("failed_tries").notNull().default(0),
    callbackPath: text("callback_path"),
    requestIp: text("request_ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (t) => [index("sign_in_attempts_identity_idx").on(t.identity, t.createdAt), index("sign_in_attempts_expires_idx").on(t.expiresAt)],
);

/** rate-limiter-flexible's RateLimiterDrizzle table: counters shared by every instance. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: timestamp("expire", { withTimezone: true }),
});

/**
 * Session revocation. JWTs issued before `revokedBefore` for this contact are refused
 * ("sign out everywhere", erasure); a single signed-out session is listed in revokedSessions.
 */
export const sessionEpochs = pgTable("session_epochs", {
  contactId: text("contact_id").primaryKey(),
  revokedBefore: timestamp("revoked_before", { withTimezone: true }).notNull(),
  signInBlocked: timestamp("sign_in_blocked", { withTimezone: true }),
});

export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    contactId: text("contact_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

/* ------------------------------------------------------------------ outbox */

/**
 * External effects of customer actions (emails, SMS, HubSpot writes), written in the same
 * transaction as the action and delivered by workers (FOR UPDATE SKIP LOCKED) with backoff.
 * status: pending → sending → sent | dead (visible to operators, retried by hand).
 */
export const outbox = pgTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(), // "email" | "sms" | "hubspot"
    idempotencyKey: text("idempotency_key").notNull().unique(),
    contactId: text("contact_id"),
    payload: jsonb("payload").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(12),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastError: text("last_error"),
    result: jsonb("result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_contact_idx").on(t.contactId, t.createdAt)],
);
