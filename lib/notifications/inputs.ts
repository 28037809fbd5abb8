import { z } from "zod";

/**
 * What each notification template takes, validated when a message is queued (lib/outbox) and
 * rendered by lib/notifications/templates. Recipients are E.164 phone numbers and email addresses
 * normalised by the caller (lib/contact).
 */

const locale = z.enum(["fr", "en"]);
const email = z.email().max(254);
// E.164: the sign-in side normalises phone numbers before enqueueing.
const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, "E.164 phone number expected");
const minutes = z.number().int().positive().max(7 * 24 * 60);
const instant = z.iso.datetime({ offset: true });
/** What booking emails and SMS say (lib/notifications/templates/booking.ts). */
const bookingNotificationData = z.object({
  event: z.enum(["confirmed", "rescheduled", "cancelled"]),
  /** The booking id: the ICS UID, stable across reschedules. */
  bookingId: z.string().min(1).max(100),
  /** ICS SEQUENCE: grows with each change so calendars replace the event. */
  sequence: z.number().int().min(0).max(1000),
  firstName: z.string().max(100).optional(),
  service: z.string().min(1).max(120),
  start: instant,
  end: instant,
  technician: z.string().max(120).optional(),
  address: z.string().min(1).max(300),
  url: z.url({ protocol: /^https?$/ }).optional(),
  changeLimitHours: z.number().int().min(0).max(336).optional(),
});

const bookingUnavailableData = z.object({
  firstName: z.string().max(100).optional(),
  service: z.string().min(1).max(120),
  start: instant,
  end: instant,
  alternatives: z.array(z.object({ start: instant, end: instant })).max(3),
  url: z.url({ protocol: /^https?$/ }),
});

const accountCodeData = z.object({
  code: z.string().regex(/^\d{6}$/),
  expiresInMinutes: minutes,
  purpose: z.enum(["email-change", "phone-change", "erasure"]),
});

export const notificationInputSchema = z.discriminatedUnion("template", [
  z.object({
    kind: z.literal("email"),
    template: z.literal("sign-in-link"),
    to: email,
    locale,
    data: z.object({ url: z.url({ protocol: /^https?$/ }), expiresInMinutes: minutes }),
    sensitive: z.literal(true),
  }),
  /** The staff console's sign-in link (issue 17): first factor, the TOTP code follows. */
  z.object({
    kind: z.literal("email"),
    template: z.literal("staff-sign-in-link"),
    to: email,
    locale,
    data: z.object({ url: z.url({ protocol: /^https?$/ }), expiresInMinutes: minutes }),
    sensitive: z.literal(true),
  }),
  z.object({
    kind: z.literal("sms"),
    template: z.literal("sign-in-code"),
    to: phone,
    locale,
    data: z.object({ code: z.string().regex(/^\d{4,8}$/), expiresInMinutes: minutes }),
    sensitive: z.literal(true),
  }),
  /** A reply from the service desk (issue 6): the notice only, the message itself stays in the portal. */
  z.object({
    kind: z.literal("email"),
    template: z.literal("service-reply"),
    to: email,
    locale,
    data: z.object({
      firstName: z.string().max(100).optional(),
      subject: z.string().min(1).max(200),
      excerpt: z.string().max(500).optional(),
      url: z.url({ protocol: /^https?$/ }),
    }),
    sensitive: z.literal(false).optional(),
  }),
  /** A code confirming an account action (issue 7): a new email or phone, an erasure request. */
  z.object({ kind: z.literal("email"), template: z.literal("account-code"), to: email, locale, data: accountCodeData, sensitive: z.literal(true) }),
  z.object({ kind: z.literal("sms"), template: z.literal("account-code-sms"), to: phone, locale, data: accountCodeData, sensitive: z.literal(true) }),
  /** The customer's data export is ready to download in the portal (the link needs a session). */
  z.object({
    kind: z.literal("email"),
    template: z.literal("export-ready"),
    to: email,
    locale,
    data: z.object({ url: z.url({ protocol: /^https?$/ }), availableDays: z.number().int().positive().max(30) }),
    sensitive: z.literal(false).optional(),
  }),
  /** The account was erased: what is kept and why. Sealed, then redacted once sent (the address is being erased). */
  z.object({ kind: z.literal("email"), template: z.literal("erasure-confirmed"), to: email, locale, data: z.object({}), sensitive: z.literal(true) }),
  z.object({ kind: z.literal("sms"), template: z.literal("erasure-confirmed-sms"), to: phone, locale, data: z.object({}), sensitive: z.literal(true) }),
  /** A short generic notice by SMS (e.g. "a reply is waiting in your portal"). */
  z.object({
    kind: z.literal("sms"),
    template: z.literal("notice"),
    to: phone,
    locale,
    data: z.object({ text: z.string().min(1).max(300) }),
    sensitive: z.literal(false).optional(),
  }),
  /** Satisfaction survey invitation (issue 6): the personal link is a bearer token, hence sealed. */
  z.object({
    kind: z.literal("email"),
    template: z.literal("survey-invitation"),
    to: email,
    locale,
    data: z.object({ firstName: z.string().max(100).optional(), subject: z.string().min(1).max(200), url: z.url({ protocol: /^https?$/ }) }),
    sensitive: z.literal(true),
  }),
  z.object({
    kind: z.literal("sms"),
    template: z.literal("survey-invitation-sms"),
    to: phone,
    locale,
    data: z.object({ url: z.url({ protocol: /^https?$/ }) }),
    sensitive: z.literal(true),
  }),
  /** Booking confirmed / rescheduled / cancelled (issue 4), with the ICS file; `url` is the signed manage link. */
  z.object({
    kind: z.literal("email"),
    template: z.literal("booking"),
    to: email,
    locale,
    data: bookingNotificationData,
    sensitive: z.literal(true),
  }),
  /** The same by SMS, and the reminder the day before (sent at `notBefore`). */
  z.object({
    kind: z.literal("sms"),
    template: z.literal("booking-sms"),
    to: phone,
    locale,
    data: bookingNotificationData.extend({ event: z.enum(["confirmed", "rescheduled", "cancelled", "reminder"]) }),
    sensitive: z.literal(true),
  }),
  /** A booking taken « en attente de confirmation » whose time was taken in HubSpot meanwhile: the nearest free times. */
  z.object({ kind: z.literal("email"), template: z.literal("booking-unavailable"), to: email, locale, data: bookingUnavailableData, sensitive: z.literal(true) }),
  z.object({ kind: z.literal("sms"), template: z.literal("booking-unavailable-sms"), to: phone, locale, data: bookingUnavailableData, sensitive: z.literal(true) }),
  /** The one-time code that confirms a quote signature (issue 5), by SMS, or by email without a phone. */
  z.object({
    kind: z.literal("sms"),
    template: z.literal("quote-sign-code"),
    to: phone,
    locale,
    data: z.object({ code: z.string().regex(/^\d{6}$/), quoteNumber: z.string().min(1).max(40), expiresInMinutes: minutes }),
    sensitive: z.literal(true),
  }),
  z.object({
    kind: z.literal("email"),
    template: z.literal("quote-sign-code-email"),
    to: email,
    locale,
    data: z.object({ code: z.string().regex(/^\d{6}$/), quoteNumber: z.string().min(1).max(40), expiresInMinutes: minutes }),
    sensitive: z.literal(true),
  }),
  /** The signed, sealed quote PDF (base64, attached) once the signature is recorded. */
  z.object({
    kind: z.literal("email"),
    template: z.literal("quote-signed"),
    to: email,
    locale,
    data: z.object({
      firstName: z.string().max(100).optional(),
      quoteNumber: z.string().min(1).max(40),
      signedAt: z.iso.datetime(),
      url: z.url({ protocol: /^https?$/ }),
      fileName: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/),
      pdfBase64: z.base64().max(8_000_000),
    }),
    sensitive: z.literal(false).optional(),
  }),
]);

export type NotificationInput = z.input<typeof notificationInputSchema>;
/** A notification after validation: what templates render. */
export type ValidNotification = z.output<typeof notificationInputSchema>;
export type NotificationTemplate = NotificationInput["template"];

