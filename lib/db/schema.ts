import { bigint, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

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

/**
 * The HubSpot ids of the portal's pipelines and stages (lib/hubspot/spec.ts keys → HubSpot ids),
 * written by `npm run hubspot:setup` or adopted once by label (lib/hubspot/pipelines.ts): the
 * portal then maps by id, so staff may rename a pipeline or a stage in HubSpot.
 * `stage_key` is '' for the pipeline itself.
 */
export const hubspotPipelineIds = pgTable(
  "hubspot_pipeline_ids",
  {
    pipelineKey: text("pipeline_key").notNull(),
    stageKey: text("stage_key").notNull(),
    hubspotId: text("hubspot_id").notNull(),
    /** "setup" | "adopted" */
    source: text("source").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.pipelineKey, t.stageKey] })],
);

/**
 * Every HubSpot object the outbox creates, by a key of the portal's own (`ticket:request:<id>`,
 * `note:message:<id>`, `meeting:reservation:<id>`…): the id is recorded as soon as HubSpot returns
 * it, so a retried job resumes from it instead of searching (HubSpot's search lags behind writes).
 * `attempt_started_at` marks a create whose outcome is not known yet (in flight, or timed out): no
 * second create before the object could be looked up (lib/hubspot/create-once.ts).
 */
export const hubspotCreates = pgTable("hubspot_creates", {
  key: text("key").primaryKey(),
  objectType: text("object_type").notNull(),
  hubspotId: text("hubspot_id"),
  attemptStartedAt: timestamp("attempt_started_at", { withTimezone: true }),
  attempts: integer("attempts").notNull().default(0),
  /** How the id was obtained: "created" | "found" (a create that timed out had been applied). */
  resolvedBy: text("resolved_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

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
 * status: pending → sending → sent | dead (visible to operators, retried by hand) | discarded (by staff, with a reason).
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
    /** Discarded by staff in the delivery desk (status "discarded"): who, when, why. */
    discardedAt: timestamp("discarded_at", { withTimezone: true }),
    discardedBy: text("discarded_by"),
    discardReason: text("discard_reason"),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_contact_idx").on(t.contactId, t.createdAt)],
);

/* ------------------------------------------------------------------ interventions, messages, surveys (issue 6) */

/** Raw bytes (PGlite and node-postgres both give a Uint8Array/Buffer). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * Files a customer uploaded (already validated and re-encoded by lib/uploads), kept here until the
 * outbox has sent them to HubSpot Files (then `bytes` is dropped and `hubspot_file_id` set).
 * `purpose` says which feature owns them ("message", "booking"); `attached_to` the row that used them.
 */
export const portalUploads = pgTable(
  "portal_uploads",
  {
    id: text("id").primaryKey(),
    contactId: text("contact_id").notNull(),
    purpose: text("purpose").notNull(),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    width: integer("width"),
    height: integer("height"),
    bytes: bytea("bytes"),
    hubspotFileId: text("hubspot_file_id"),
    attachedTo: text("attached_to"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("portal_uploads_contact_idx").on(t.contactId, t.createdAt)],
);

/**
 * A customer's message, committed here first and shown at once as "en cours de transmission";
 * the outbox turns it into a note (and, for a new conversation, a service-desk ticket) in HubSpot.
 * status: pending → sent (note_id, ticket_id set).
 */
export const portalMessages = pgTable(
  "portal_messages",
  {
    id: text("id").primaryKey(),
    contactId: text("contact_id").notNull(),
    ticketId: text("ticket_id"),
    kind: text("kind"),
    subject: text("subject"),
    body: text("body").notNull(),
    uploadIds: text("upload_ids").array().notNull().default([]),
    status: text("status").notNull().default("pending"),
    noteId: text("note_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("portal_messages_contact_idx").on(t.contactId, t.createdAt), index("portal_messages_ticket_idx").on(t.ticketId)],
);

/**
 * Satisfaction survey answers. The primary key is the link's jti: a link is single use because a
 * second insert conflicts; one answer per intervention (unique ticket_id). Sent to HubSpot by the outbox.
 */
export const surveyResponses = pgTable(
  "survey_responses",
  {
    jti: text("jti").primaryKey(),
    contactId: text("contact_id").notNull(),
    ticketId: text("ticket_id").notNull(),
    answers: jsonb("answers").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("survey_responses_ticket_idx").on(t.ticketId)],
);

/** Resized, metadata-free renditions of HubSpot images (thumbnails, full view), shared by instances. */
export const imageVariants = pgTable(
  "image_variants",
  {
    fileId: text("file_id").notNull(),
    variant: text("variant").notNull(),
    contentType: text("content_type").notNull(),
    bytes: bytea("bytes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.variant] }), index("image_variants_created_idx").on(t.createdAt)],
);

/* ------------------------------------------------------------------ account, preferences, GDPR (issue 7) */

/**
 * The places a customer has work done (home, a second home, a rented flat). The default one is
 * mirrored to the HubSpot contact's address; bookings and interventions carry the address they
 * concern. At most one default per contact (partial unique index).
 */
export const customerAddresses = pgTable(
  "customer_addresses",
  {
    id: text("id").primaryKey(),
    contactId: text("contact_id").notNull(),
    label: text("label"),
    line: text("line").notNull(),
    zip: text("zip").notNull(),
    city: text("city").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("customer_addresses_contact_idx").on(t.contactId, t.createdAt),
    uniqueIndex("customer_addresses_one_default_idx").on(t.contactId).where(sql`${t.isDefault}`),
  ],
);

/**
 * Which optional messages a customer wants, per kind and channel (sign-in and security messages
 * are never optional). Marketing consent is separate and off until given (RGPD art. 7).
 */
export const notificationPreferences = pgTable("notification_preferences", {
  contactId: text("contact_id").primaryKey(),
  reminderEmail: boolean("reminder_email").notNull().default(true),
  reminderSms: boolean("reminder_sms").notNull().default(true),
  trackingEmail: boolean("tracking_email").notNull().default(true),
  trackingSms: boolean("tracking_sms").notNull().default(true),
  surveyEmail: boolean("survey_email").notNull().default(true),
  surveySms: boolean("survey_sms").notNull().default(true),
  marketingConsent: boolean("marketing_consent").notNull().default(false),
  marketingConsentAt: timestamp("marketing_consent_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A code sent to confirm an account action: a new email or phone (before it is used for sign-in)
 * or an erasure request. Only the scrypt hash of the code is stored; 10 minutes, 5 tries.
 * `target` is the new email/phone for a change, the address the code went to for an erasure.
 */
export const accountVerifications = pgTable(
  "account_verifications",
  {
    id: text("id").primaryKey(),
    contactId: text("contact_id").notNull(),
    purpose: text("purpose").notNull(), // "email-change" | "phone-change" | "erasure"
    channel: text("channel").notNull(), // "email" | "sms"
    target: text("target").notNull(),
    codeHash: text("code_hash").notNull(),
    failedTries: integer("failed_tries").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (t) => [index("account_verifications_contact_idx").on(t.contactId, t.purpose, t.createdAt)],
);

/**
 * "Télécharger mes données": the ZIP is built by the outbox worker (status queued → running →
 * ready | failed, progress 0-100) and kept 7 days, then its bytes are dropped (expired).
 */
export const dataExports = pgTable(
  "data_exports",
  {
    id: text("id").primaryKey(),
    contactId: text("contact_id").notNull(),
    status: text("status").notNull().default("queued"),
    progress: integer("progress").notNull().default(0),
    step: text("step"),
    archive: bytea("archive"),
    sizeBytes: integer("size_bytes"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [index("data_exports_contact_idx").on(t.contactId, t.createdAt)],
);

/**
 * An erasure, as proof it was honoured (RGPD art. 5(2)): the HubSpot id of the deleted contact and
 * the dates only, no name, email or phone. status: confirmed → completed (HubSpot deleted).
 */
export const erasureRequests = pgTable("erasure_requests", {
  id: text("id").primaryKey(),
  contactId: text("contact_id").notNull(),
  status: text("status").notNull().default("confirmed"),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true }).notNull().defaultNow(),
  hubspotDeletedAt: timestamp("hubspot_deleted_at", { withTimezone: true }),
  completedAt: timestamp("completed_at", { withTimezone: true }),
  retainedDocuments: integer("retained_documents").notNull().default(0),
});

/** Keyed HMACs of an erased customer's email / phone: sign-in with them is refused. */
export const erasedIdentities = pgTable("erased_identities", {
  identityHash: text("identity_hash").primaryKey(),
  erasureId: text("erasure_id").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Accounting documents kept after an erasure for the legal period (Code de commerce L123-22:
 * 10 years), in restricted form: no contact id, no link to any session; reachable by operators
 * only. One row per source document.
 */
export const retainedDocuments = pgTable(
  "retained_documents",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(), // "invoice" | "signed_quote"
    sourceObjectId: text("source_object_id").notNull(),
    documentNumber: text("document_number"),
    issuedOn: text("issued_on"),
    pdf: bytea("pdf").notNull(),
    sha256: text("sha256").notNull(),
    legalBasis: text("legal_basis").notNull(),
    retainUntil: timestamp("retain_until", { withTimezone: true }).notNull(),
    erasureId: text("erasure_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("retained_documents_source_idx").on(t.kind, t.sourceObjectId), index("retained_documents_until_idx").on(t.retainUntil)],
);

/* ------------------------------------------------------------------ bookings (issue 4) */

/**
 * One portal reservation of a technician's time. A reschedule writes a new row (same `booking_id`,
 * `rescheduled_from` = the old row) and marks the old one `rescheduled`, in one transaction.
 * status: confirmed | pending (taken while HubSpot could not be read, awaiting confirmation) |
 * unavailable (a pending one whose time was taken in HubSpot meanwhile) | rescheduled | cancelled.
 *
 * The hand-written constraint `reservations_no_overlap` (migrations 0006, 0010) refuses two confirmed
 * or pending reservations of one technician whose [starts_at, blocked_until) ranges overlap (btree_gist):
 * `blocked_until` = end + the travel buffer, so two jobs can never be closer than the buffer.
 * `idempotency_key` is unique: a double click or a retried request books once.
 *
 * HubSpot: the meeting (one per row) and the intervention ticket (one per booking) are created by
 * the outbox; their ids are recorded here, `hubspot_synced_at` null = "en cours de transmission".
 */
export const reservations = pgTable(
  "reservations",
  {
    id: text("id").primaryKey(),
    bookingId: text("booking_id").notNull(),
    contactId: text("contact_id").notNull(),
    technicianId: text("technician_id").notNull(),
    /** The booked service's id in the console's catalogue (the demo's ids are their intervention types). */
    serviceType: text("service_type").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    blockedUntil: timestamp("blocked_until", { withTimezone: true }).notNull(),
    address: text("address").notNull(),
    locationLat: doublePrecision("location_lat"),
    locationLng: doublePrecision("location_lng"),
    note: text("note"),
    locale: text("locale").notNull().default("fr"),
    status: text("status").notNull().default("confirmed"),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    rescheduledFrom: text("rescheduled_from"),
    hubspotMeetingId: text("hubspot_meeting_id"),
    hubspotTicketId: text("hubspot_ticket_id"),
    hubspotSyncedAt: timestamp("hubspot_synced_at", { withTimezone: true }),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("reservations_contact_idx").on(t.contactId, t.startsAt),
    index("reservations_booking_idx").on(t.bookingId),
    index("reservations_technician_idx").on(t.technicianId, t.startsAt),
  ],
);

/* ------------------------------------------------------------------ documents: quote e-signature (issue 5) */

/**
 * The quote PDF exactly as the customer was shown it, stored once per (quote, rendered data):
 * pdf-lib output is not byte-identical across runs, so the signature hashes and stamps THESE bytes,
 * never a re-render. Append-only (trigger in the migration).
 */
export const quoteOriginals = pgTable(
  "quote_originals",
  {
    id: text("id").primaryKey(),
    quoteId: text("quote_id").notNull(),
    contactId: text("contact_id").notNull(),
    /** SHA-256 of the quote data that was rendered (number, lines, totals, customer, validity). */
    dataHash: text("data_hash").notNull(),
    /** SHA-256 (hex) of `pdf`. */
    sha256: text("sha256").notNull(),
    pdf: bytea("pdf").notNull(),
    /** Where the customer's "Bon pour accord" box is (pageIndex, x, y, width, height). */
    signatureBox: jsonb("signature_box").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quote_originals_quote_data_idx").on(t.quoteId, t.dataHash)],
);

/**
 * One customer's signing of one quote in progress (mutable): when it was first opened, the
 * consent and signature given, the one-time code (scrypt hash, expiry, tries, sends).
 */
export const quoteSigningSessions = pgTable(
  "quote_signing_sessions",
  {
    id: text("id").primaryKey(),
    quoteId: text("quote_id").notNull(),
    contactId: text("contact_id").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    originalId: text("original_id"),
    consentedAt: timestamp("consented_at", { withTimezone: true }),
    consentText: text("consent_text"),
    signerName: text("signer_name"),
    /** "drawn" (PNG data URL) | "typed" (the name as typed). */
    signatureKind: text("signature_kind"),
    signatureValue: text("signature_value"),
    codeHash: text("code_hash"),
    codeChannel: text("code_channel"),
    codeDestination: text("code_destination"),
    codeSentAt: timestamp("code_sent_at", { withTimezone: true }),
    codeExpiresAt: timestamp("code_expires_at", { withTimezone: true }),
    codeTries: integer("code_tries").notNull().default(0),
    /** Codes sent in the current window (codeWindowStart + 1 h): bounds SMS pumping. */
    codesSent: integer("codes_sent").notNull().default(0),
    codeWindowStart: timestamp("code_window_start", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("quote_signing_sessions_quote_contact_idx").on(t.quoteId, t.contactId)],
);

/** The customer's decision on a quote: one per quote (signed or refused), append-only. */
export const quoteDecisions = pgTable("quote_decisions", {
  quoteId: text("quote_id").primaryKey(),
  contactId: text("contact_id").notNull(),
  /** "signed" | "refused" */
  decision: text("decision").notNull(),
  reason: text("reason"),
  ip: text("ip"),
  userAgent: text("user_agent"),
  decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The e-signature evidence (Code civil art. 1366-1367): who, how identified, what they consented
 * to, when (opening, consent, signing), from where, the SHA-256 of the original and the sealed
 * signed PDF. Written in the transaction that makes the quote signed; append-only (trigger).
 */
export const quoteSignatures = pgTable(
  "quote_signatures",
  {
    id: text("id").primaryKey(),
    quoteId: text("quote_id").notNull().unique(),
    contactId: text("contact_id").notNull(),
    quoteNumber: text("quote_number").notNull(),
    signerName: text("signer_name").notNull(),
    identity: jsonb("identity").notNull(),
    consentText: text("consent_text").notNull(),
    signatureKind: text("signature_kind").notNull(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    consentedAt: timestamp("consented_at", { withTimezone: true }).notNull(),
    signedAt: timestamp("signed_at", { withTimezone: true }).notNull(),
    ip: text("ip").notNull(),
    userAgent: text("user_agent").notNull(),
    originalId: text("original_id").notNull(),
    originalSha256: text("original_sha256").notNull(),
    signedPdf: bytea("signed_pdf").notNull(),
    signedSha256: text("signed_sha256").notNull(),
    /** Everything printed on the evidence page, as JSON. */
    evidence: jsonb("evidence").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("quote_signatures_contact_idx").on(t.contactId)],
);

/* ------------------------------------------------------------------ console: settings, staff, audit, geography (issue 17) */

/**
 * The contractor's business settings, edited in the staff console (lib/settings): one row per
 * section ("company", "services", "technicians", "closures", "booking_rules", "service_area"), its
 * value validated by the section's zod schema on every write and read. `version` grows by one on
 * each save (optimistic concurrency: a save names the version it edited). A trigger (migration
 * 0013) names the section on channel `duret_settings` on commit, so every instance drops its copy.
 */
export const portalSettings = pgTable("portal_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  version: integer("version").notNull().default(1),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** Staff email, or "seed" / "migration". */
  updatedBy: text("updated_by").notNull(),
});

/**
 * People allowed in the staff console. Only active users of the connected HubSpot account may sign
 * in (checked against HubSpot at sign-in and on each request); this row holds what HubSpot does not:
 * the console role, the second factor (TOTP secret, encrypted with the auth secret), and the
 * revocation epoch (sessions issued before `revokedBefore` are refused).
 */
export const staffMembers = pgTable("staff_members", {
  email: text("email").primaryKey(), // normalised (lower case)
  hubspotUserId: text("hubspot_user_id"),
  hubspotOwnerId: text("hubspot_owner_id"),
  role: text("role").notNull().default("office"), // "admin" | "office"
  totpSecret: text("totp_secret"), // encrypted; null until enrolled
  totpEnrolledAt: timestamp("totp_enrolled_at", { withTimezone: true }),
  /** The last TOTP time step accepted: a code is never accepted twice. */
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  failedTries: integer("failed_tries").notNull().default(0),
  revokedBefore: timestamp("revoked_before", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Staff sign-in links (first factor): hashed secret, single use, short-lived. */
export const staffSignInLinks = pgTable(
  "staff_sign_in_links",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    secretHash: text("secret_hash").notNull(),
    requestIp: text("request_ip"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
  },
  (t) => [index("staff_sign_in_links_email_idx").on(t.email, t.createdAt)],
);

/** Every console action: who, when, what, before → after. Append-only (trigger, migration 0013). */
export const staffAudit = pgTable(
  "staff_audit",
  {
    id: text("id").primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    staffEmail: text("staff_email").notNull(),
    role: text("role").notNull(),
    action: text("action").notNull(), // e.g. "settings.technicians.save", "outbox.retry", "staff.sign_in"
    target: text("target"),
    before: jsonb("before"),
    after: jsonb("after"),
    reason: text("reason"),
    requestId: text("request_id"),
  },
  (t) => [index("staff_audit_at_idx").on(t.at)],
);

/**
 * Geocoding answers (Base Adresse Nationale) kept in PostgreSQL: `key` is the normalised address;
 * `result` null means "not found" (kept shorter). The portal never asks the BAN twice for an address
 * it already knows while the entry lives.
 */
export const geocodeCache = pgTable(
  "geocode_cache",
  {
    key: text("key").primaryKey(),
    result: jsonb("result"),
    source: text("source").notNull(), // "ban" | "commune"
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("geocode_cache_expires_idx").on(t.expiresAt)],
);
