import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { webhookEvents } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { listAssociatedIds } from "./api";
import { cacheTags, invalidateTags } from "./cache";
import { currentDb, rowsOf, textArray } from "@/lib/db/current";
import { emitHubSpotChange, type HubSpotChange } from "./events";
import { webhookBodySchema, type WebhookEvent } from "./schemas";
import { OBJECT_TYPE_IDS, type CrmObjectType } from "./spec";
import { log } from "@/lib/log";

const webhookLog = log.child({ scope: "hubspot.webhook" });

/**
 * HubSpot webhooks (v3 signatures): verify, de-duplicate by eventId, invalidate the cache tags of
 * what changed, and tell in-process listeners (events.ts).
 */

export const MAX_TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

// HubSpot's documented list: these escapes are decoded in the URI before signing.
const DECODED: Record<string, string> = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'",
  "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};

export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

/** The URI HubSpot signed: the public origin (SITE_URL) + the request's path and query. */
export function signedUriFor(requestUrl: string, siteUrl: string): string {
  const url = new URL(requestUrl);
  return decodeSignedUri(`${new URL(siteUrl).origin}${url.pathname}${url.search}`);
}

export function computeSignatureV3(secret: string, method: string, uri: string, rawBody: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${method}${uri}${rawBody}${timestamp}`, "utf8").digest("base64");
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

export function verifySignatureV3(input: {
  secret: string;
  method: string;
  uri: string;
  rawBody: string;
  signature: string | null;
  timestamp: string | null;
  now?: number;
}): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d{10,16}$/.test(timestamp)) return { ok: false, reason: "missing" };
  const now = input.now ?? Date.now();
  // Older than 5 minutes (replay) or as far in the future (a forged clock) is refused.
  if (Math.abs(now - Number(timestamp)) > MAX_TIMESTAMP_SKEW_MS) return { ok: false, reason: "stale" };
  const expected = Buffer.from(computeSignatureV3(input.secret, input.method.toUpperCase(), input.uri, input.rawBody, timestamp), "utf8");
  const given = Buffer.from(signature, "utf8");
  // timingSafeEqual needs equal lengths; comparing against itself keeps the time constant.
  const equal = given.length === expected.length ? timingSafeEqual(given, expected) : timingSafeEqual(expected, expected) && false;
  return equal ? { ok: true } : { ok: false, reason: "mismatch" };
}

// ---- what an event invalidates ----

const TYPE_BY_ID = Object.fromEntries(Object.entries(OBJECT_TYPE_IDS).map(([type, id]) => [id, type])) as Record<string, CrmObjectType>;
const TYPE_BY_PREFIX: Record<string, CrmObjectType> = {
  contact: "contacts",
  ticket: "tickets",
  deal: "deals",
  line_item: "line_items",
  quote: "quotes",
  invoice: "invoices",
  meeting: "meetings",
  note: "notes",
};

export function objectTypeOf(event: WebhookEvent): CrmObjectType | null {
  // Generic association changes carry no objectTypeId, only their two ends' (fromObjectTypeId first).
  const typeId = event.objectTypeId ?? event.fromObjectTypeId;
  if (typeId && TYPE_BY_ID[typeId]) return TYPE_BY_ID[typeId] ?? null;
  const prefix = event.subscriptionType.split(".")[0] ?? "";
  return TYPE_BY_PREFIX[prefix] ?? null;
}

/** Both ends of a classic association change's `associationType` ("CONTACT_TO_TICKET", "LINE_ITEM_TO_DEAL"). */
export function associationEnds(associationType: string | undefined): [CrmObjectType, CrmObjectType] | null {
  const name = associationType?.toLowerCase() ?? "";
  for (const [prefix, from] of Object.entries(TYPE_BY_PREFIX)) {
    const to = name.startsWith(`${prefix}_to_`) ? TYPE_BY_PREFIX[name.slice(prefix.length + 4)] : undefined;
    if (to) return [from, to];
  }
  return null;
}

type ListName = "tickets" | "meetings" | "quotes" | "invoices";
/** Which of a contact's cached lists holds objects of a type. */
const LIST_OF: Partial<Record<CrmObjectType, ListName>> = { tickets: "tickets", meetings: "meetings", quotes: "quotes", invoices: "invoices", deals: "quotes" };

function objectTag(type: CrmObjectType, id: string): string {
  if (type === "contacts") return cacheTags.contact(id);
  return cacheTags.object(type, id);
}

/** Contacts whose cached entries carry `tag` (the reverse index the cache already holds). */
async function contactIdsFromCache(tags: string[]): Promise<string[]> {
  if (tags.length === 0) return [];
  const db = await currentDb();
  const rows = rowsOf<{ key: string }>(await db.execute(sql`select key from hubspot_cache where tags && ${textArray(tags)}`));
  const ids = new Set<string>();
  for (const { key } of rows) {
    const m = /^contact(?:-[a-z-]+)?:(\d+)/.exec(key);
    if (m?.[1]) ids.add(m[1]);
  }
  return [...ids];
}

/** For a new object we have not cached yet, ask HubSpot who owns it (failure: TTL bounds staleness). */
async function ownersFromHubSpot(type: CrmObjectType, id: string): Promise<{ contacts: string[]; tickets: string[] }> {
  try {
    if (type === "notes") return { contacts: [], tickets: await listAssociatedIds("notes", id, "tickets") };
    if (type === "contacts" || type === "line_items") return { contacts: [], tickets: [] };
    return { contacts: await listAssociatedIds(type, id, "contacts"), tickets: [] };
  } catch (error) {
    webhookLog.error({ err: error, objectType: type, objectId: id }, "could not find the owners of the object");
    return { contacts: [], tickets: [] };
  }
}

export interface EventEffect {
  tags: string[];
  change: HubSpotChange | null;
}

export async function effectOf(event: WebhookEvent): Promise<EventEffect> {
  const type = objectTypeOf(event);
  const action = event.subscriptionType.split(".")[1] ?? "";
  if (!type) return { tags: [], change: null };
  const tags = new Set<string>();

  if (action === "associationChange" && event.fromObjectId && event.toObjectId) {
    const ends = associationEnds(event.associationType);
    const fromType = (event.fromObjectTypeId && TYPE_BY_ID[event.fromObjectTypeId]) || ends?.[0] || type;
    const toType = (event.toObjectTypeId && TYPE_BY_ID[event.toObjectTypeId]) || ends?.[1];
    const sides: [CrmObjectType, string][] = [[fromType, event.fromObjectId]];
    if (toType) sides.push([toType, event.toObjectId]);
    for (const [t, id] of sides) tags.add(objectTag(t, id));
    const [a, b] = sides;
    const pairs = a && b ? [[a, b], [b, a]] : [];
    for (const [[t, sideId], [other, otherId]] of pairs as [[CrmObjectType, string], [CrmObjectType, string]][]) {
      const list = LIST_OF[other];
      if (t === "contacts" && list) tags.add(cacheTags.contactList(sideId, list));
      if (t === "tickets" && other === "notes") tags.add(cacheTags.ticketNotes(sideId));
      if (t === "tickets" && other === "meetings") tags.add(cacheTags.meeting(otherId));
    }
  }

  const id = event.objectId ?? event.fromObjectId;
  if (!id) return { tags: [...tags], change: null };
  tags.add(objectTag(type, id));
  let contactIds = type === "contacts" ? [id] : await contactIdsFromCache([objectTag(type, id)]);

  if (type === "contacts" && action !== "propertyChange") {
    for (const list of ["tickets", "meetings", "quotes", "invoices"] as const) tags.add(cacheTags.contactList(id, list));
  }
  if (["creation", "restore", "associationChange", "merge"].includes(action) && type !== "contacts") {
    const owners = await ownersFromHubSpot(type, id);
    const list = LIST_OF[type];
    for (const c of owners.contacts) if (list) tags.add(cacheTags.contactList(c, list));
    for (const t of owners.tickets) tags.add(cacheTags.ticketNotes(t));
    contactIds = [...new Set([...contactIds, ...owners.contacts])];
  }
  for (const merged of event.mergedObjectIds ?? []) tags.add(objectTag(type, merged));
  if (event.primaryObjectId) tags.add(objectTag(type, event.primaryObjectId));

  return {
    tags: [...tags],
    change: {
      objectType: type,
      objectId: id,
      subscriptionType: event.subscriptionType,
      propertyName: event.propertyName,
      propertyValue: event.propertyValue,
      contactIds,
      occurredAt: event.occurredAt ?? null,
      eventId: event.eventId,
    },
  };
}

// ---- the route's logic ----

/**
 * HubSpot sends at most 100 events per request; one event is ~350 bytes of JSON (ids, type,
 * property name and a short value such as a pipeline stage), so a full batch is ~35 kB. 1 MB keeps
 * a ~30× margin (long property values) and refuses anything larger before reading it whole or
 * computing its signature.
 */
export const MAX_WEBHOOK_BODY_BYTES = 1_000_000;

/**
 * The body as text, or null as soon as it passes `max` bytes: a declared Content-Length over the
 * cap is refused without reading anything; otherwise the stream is read chunk by chunk and
 * cancelled the moment the running total exceeds the cap (a chunked 30 MB body is never buffered).
 */
export async function readCappedBody(request: Request, max: number): Promise<string | null> {
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= max)) {
    await request.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, total));
}

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export async function handleHubSpotWebhook(request: Request): Promise<Response> {
  const env = getEnv();
  if (!env.webhookSecret) {
    webhookLog.error("refused: HUBSPOT_CLIENT_SECRET is not configured");
    return reply(401, { error: "signature" });
  }
  const rawBody = await readCappedBody(request, MAX_WEBHOOK_BODY_BYTES);
  if (rawBody === null) return reply(413, { error: "too large" });

  const check = verifySignatureV3({
    secret: env.webhookSecret,
    method: request.method,
    uri: signedUriFor(request.url, env.SITE_URL),
    rawBody,
    signature: request.headers.get("x-hubspot-signature-v3"),
    timestamp: request.headers.get("x-hubspot-request-timestamp"),
  });
  if (!check.ok) return reply(401, { error: "signature", reason: check.reason });

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return reply(400, { error: "malformed JSON" });
  }
  const parsed = webhookBodySchema.safeParse(json);
  if (!parsed.success) return reply(400, { error: "unexpected body" });

  // Within one delivery, keep the first occurrence of each event id.
  const events = [...new Map(parsed.data.map((e) => [e.eventId, e])).values()];
  if (events.length === 0) return reply(200, { received: 0, processed: 0 });

  const db = await currentDb();
  const inserted = await db
    .insert(webhookEvents)
    .values(events.map((e) => ({ eventId: e.eventId, subscriptionType: e.subscriptionType, objectId: e.objectId ?? null })))
    .onConflictDoNothing()
    .returning({ eventId: webhookEvents.eventId });
  const fresh = new Set(inserted.map((r) => r.eventId));
  const toProcess = events.filter((e) => fresh.has(e.eventId));

  try {
    const effects = await Promise.all(toProcess.map(effectOf));
    await invalidateTags(effects.flatMap((e) => e.tags));
    for (const effect of effects) if (effect.change) emitHubSpotChange(effect.change);
  } catch (error) {
    // Forget the events so HubSpot's retry is processed, not dropped as a duplicate.
    webhookLog.error({ err: error }, "processing failed");
    if (fresh.size > 0) await db.delete(webhookEvents).where(inArray(webhookEvents.eventId, [...fresh])).catch(() => {});
    return reply(500, { error: "processing failed" });
  }
  // Duplicates also get 200: HubSpot must stop retrying them.
  return reply(200, { received: events.length, processed: toProcess.length });
}
