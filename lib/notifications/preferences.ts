import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notificationPreferences } from "@/lib/db/schema";
import { DEFAULT_PREFERENCES, type NotificationCategory, type NotificationChannel, type NotificationPreferences } from "./categories";

/**
 * Preferences as data, without the outbox: lib/outbox/enqueue.ts asks `channelAllowed` before it
 * queues a reminder, tracking or survey message (this module must not import the outbox).
 */
export async function readPreferences(db: Db, contactId: string): Promise<NotificationPreferences> {
  const [row] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.contactId, contactId)).limit(1);
  if (!row) return { ...DEFAULT_PREFERENCES };
  return {
    reminderEmail: row.reminderEmail,
    reminderSms: row.reminderSms,
    trackingEmail: row.trackingEmail,
    trackingSms: row.trackingSms,
    surveyEmail: row.surveyEmail,
    surveySms: row.surveySms,
    marketingConsent: row.marketingConsent,
  };
}

export function allows(prefs: NotificationPreferences, category: NotificationCategory, channel: NotificationChannel): boolean {
  const key = `${category}${channel === "email" ? "Email" : "Sms"}` as const;
  return prefs[key];
}

/** May a message of this optional kind go to this contact on this channel? */
export async function channelAllowed(db: Db, contactId: string, category: NotificationCategory, channel: NotificationChannel): Promise<boolean> {
  return allows(await readPreferences(db, contactId), category, channel);
}
