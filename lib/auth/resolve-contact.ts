import "server-only";
import { createHash } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { hubspotCreates } from "@/lib/db/schema";
import { createOnce } from "@/lib/hubspot/create-once";
import { findContactIdByEmail, findContactIdByPhone } from "@/lib/hubspot/queries";
import { createContact } from "@/lib/hubspot/writes";

/**
 * The HubSpot contact behind a verified identity. A verified identity with no contact becomes a
 * new contact (lifecycle stage "lead") so a new customer can book or ask for a quote.
 * Runs only after the link or code was verified: probing identities never creates contacts.
 *
 * HubSpot's search lags behind writes, so "search, then create" alone could create a second contact
 * for a customer who signs in again within moments (HubSpot refuses a duplicate email with a 409
 * naming the existing id, but not a duplicate phone). The create therefore goes through `createOnce`
 * keyed by the identity's hash: the id is recorded in PostgreSQL, a second sign-in finds it there.
 */
export function contactCreateKey(channel: "email" | "sms", identity: string): string {
  return `contact:${channel}:${createHash("sha256").update(identity.trim().toLowerCase()).digest("hex")}`;
}

export async function resolveContactForIdentity(channel: "email" | "sms", identity: string): Promise<string> {
  const find = () => (channel === "email" ? findContactIdByEmail(identity) : findContactIdByPhone(identity));
  const existing = await find();
  if (existing) return existing;
  const properties: Record<string, string> =
    channel === "email" ? { email: identity, lifecyclestage: "lead" } : { mobilephone: identity, phone: identity, lifecyclestage: "lead" };
  return createOnce({
    key: contactCreateKey(channel, identity),
    objectType: "contacts",
    find,
    // A 409 (another sign-in of the same email created it first) answers the existing id.
    create: async () => (await createContact(properties)).id,
  });
}

/**
 * A verified change of a customer's email or phone (lib/account): sign-in with the new value finds
 * this contact at once, although HubSpot's search shows the new value only moments after the
 * outbox wrote it; the previous value of that channel no longer answers from this record.
 */
export async function rememberIdentity(db: Db, channel: "email" | "sms", identity: string, contactId: string): Promise<void> {
  const key = contactCreateKey(channel, identity);
  await db.delete(hubspotCreates).where(and(eq(hubspotCreates.objectType, "contacts"), eq(hubspotCreates.hubspotId, contactId), like(hubspotCreates.key, `contact:${channel}:%`)));
  await db
    .insert(hubspotCreates)
    .values({ key, objectType: "contacts", hubspotId: contactId, resolvedBy: "identity-change" })
    .onConflictDoUpdate({ target: hubspotCreates.key, set: { hubspotId: contactId, attemptStartedAt: null, resolvedBy: "identity-change", updatedAt: new Date() } });
}

/** The contact the portal has recorded for this identity (created for it, or changed to it), if any. */
export async function recordedContactFor(db: Db, channel: "email" | "sms", identity: string): Promise<string | null> {
  const [row] = await db.select({ id: hubspotCreates.hubspotId }).from(hubspotCreates).where(eq(hubspotCreates.key, contactCreateKey(channel, identity)));
  return row?.id ?? null;
}
