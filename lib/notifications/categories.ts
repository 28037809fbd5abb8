/**
 * The optional kinds of message a customer can turn off per channel (no server-only import: the
 * account form reads them too). Sign-in and security messages have no category: never optional.
 */
export const NOTIFICATION_CATEGORIES = ["reminder", "tracking", "survey"] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];
export type NotificationChannel = "email" | "sms";

export interface NotificationPreferences {
  reminderEmail: boolean;
  reminderSms: boolean;
  trackingEmail: boolean;
  trackingSms: boolean;
  surveyEmail: boolean;
  surveySms: boolean;
  marketingConsent: boolean;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = {
  reminderEmail: true,
  reminderSms: true,
  trackingEmail: true,
  trackingSms: true,
  surveyEmail: true,
  surveySms: true,
  marketingConsent: false,
};

