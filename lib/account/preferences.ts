import "server-only";
import { enqueueHubSpotWrite, wakeOutbox } from "@/lib/outbox/enqueue";
import { currentDb, asDb } from "@/lib/db/current";
import { notificationPreferences as preferencesTable } from "@/lib/db/schema";
import { readPreferences } from "@/lib/notifications/preferences";
import { preferencesSchema, type NotificationPreferences, type PreferencesInput } from "./schemas";
import { UPDATE_CONTACT_OPERATION } from "./update-contact-details";

/** The customer's choices for optional messages (defaults until they save; marketing off). */
export async function notificationPreferences(contactId: string): Promise<NotificationPreferences> {
  return readPreferences(await currentDb(), contactId);
}

/** Saves the customer's choices; consent to marketing is time-stamped when given, cleared when withdrawn. */
export async function saveNotificationPreferences(contactId: string, input: PreferencesInput, now = new Date()): Promise<NotificationPreferences> {
  const prefs = preferencesSchema.parse(input);
  const db = await currentDb();
  const before = await readPreferences(db, contactId);
  const consentAt = prefs.marketingConsent ? (before.marketingConsent ? undefined : now) : null;
  await db.transaction(async (t) => {
    const tx = asDb(t);
    await tx
      .insert(preferencesTable)
      .values({ contactId, ...prefs, marketingConsentAt: consentAt ?? null, updatedAt: now })
      .onConflictDoUpdate({
        target: preferencesTable.contactId,
        set: { ...prefs, updatedAt: now, ...(consentAt === undefined ? {} : { marketingConsentAt: consentAt }) },
      });
    // Staff send offers from HubSpot: the consent (given or withdrawn) goes on the contact.
    if (prefs.marketingConsent !== before.marketingConsent) {
      await enqueueHubSpotWrite(tx, {
        operation: UPDATE_CONTACT_OPERATION,
        args: { contactId, properties: { portal_marketing_consent: String(prefs.marketingConsent) } },
        idempotencyKey: `account:marketing:${contactId}:${now.getTime()}`,
        contactId,
      });
    }
  });
  wakeOutbox();
  return prefs;
}
