import "server-only";
import { z } from "zod";
import type { outbox } from "@/lib/db/schema";
import type { Db } from "@/lib/db/client";
import { channelAllowed } from "@/lib/notifications/preferences";
import { NOTIFICATION_CATEGORIES } from "@/lib/notifications/categories";
import { PermanentDeliveryError } from "@/lib/notifications/errors";
import { MissingCompanyError, renderNotification, type RenderedNotification } from "@/lib/notifications/templates";
import { RetryLaterError } from "@/lib/errors";
import { companyView, getSettings } from "@/lib/settings";
import { notificationInputSchema, type ValidNotification } from "@/lib/notifications/inputs";
import type { NotificationPayload } from "./enqueue";
import { hubSpotWriteHandler, runHubSpotWrite } from "./handlers";
import { openPayload } from "./seal";
import type { Transports } from "./transports";

export type OutboxRow = typeof outbox.$inferSelect;

export const REDACTED = { redacted: true } as const;

/** What a delivered row records in `result`. */
export type DeliveryResult = { providerId: string; duplicateOf?: true } | { hubspot: unknown } | { skipped: "preference" };

const storedNotification = z.discriminatedUnion("sensitive", [
  z.object({ template: z.string(), locale: z.enum(["fr", "en"]), sensitive: z.literal(true), sealed: z.string().optional(), redacted: z.literal(true).optional() }),
  z.object({ template: z.string(), locale: z.enum(["fr", "en"]), sensitive: z.literal(false), to: z.string(), data: z.record(z.string(), z.unknown()) }),
]);

/** The notification a row stands for, decrypted and re-validated (rows outlive deployments). */
export function notificationOf(row: Pick<OutboxRow, "id" | "kind" | "payload">): ValidNotification {
  // A row that cannot be read now never will be: dead at once rather than retried for hours.
  const parsedRow = storedNotification.safeParse(row.payload);
  if (!parsedRow.success) throw new PermanentDeliveryError(`Unreadable ${row.kind} payload`);
  const stored = parsedRow.data;
  let to: unknown;
  let data: unknown;
  if (stored.sensitive) {
    if (!stored.sealed) throw new PermanentDeliveryError("Payload already redacted");
    let opened: unknown;
    try {
      opened = openPayload(stored.sealed, row.id);
    } catch {
      throw new PermanentDeliveryError("Sealed payload cannot be opened (AUTH_SECRET changed?)");
    }
    const parsed = z.object({ to: z.string(), data: z.unknown() }).safeParse(opened);
    if (!parsed.success) throw new PermanentDeliveryError(`Unreadable ${row.kind} payload`);
    ({ to, data } = parsed.data);
  } else {
    ({ to, data } = stored);
  }
  const parsed = notificationInputSchema.safeParse({ kind: row.kind, template: stored.template, locale: stored.locale, to, data, sensitive: stored.sensitive });
  if (!parsed.success) throw new PermanentDeliveryError(`Invalid ${row.kind} payload for template ${stored.template}`);
  return parsed.data;
}

/**
 * A reminder, tracking or survey message whose channel the customer turned off after it was
 * queued (e.g. a reminder scheduled for the day before): recorded as sent-skipped, not delivered.
 */
export async function turnedOffByCustomer(db: Db, row: Pick<OutboxRow, "payload" | "contactId">, n: ValidNotification): Promise<boolean> {
  const category = z.enum(NOTIFICATION_CATEGORIES).safeParse((row.payload as { category?: unknown } | null)?.category);
  if (!category.success || !row.contactId) return false;
  return !(await channelAllowed(db, row.contactId, category.data, n.kind));
}

export function isSensitive(row: Pick<OutboxRow, "payload">): boolean {
  return (row.payload as Partial<NotificationPayload> | null)?.sensitive === true;
}

/** The payload kept after delivery or death: template and locale only, no recipient data or secret. */
export function redactedPayload(row: Pick<OutboxRow, "payload">): NotificationPayload {
  const p = row.payload as NotificationPayload;
  return { template: p.template, locale: p.locale, sensitive: true, redacted: true };
}

/** Sensitive notifications are useless once their link or code has expired: do not send them late. */
export function expiredBeforeDelivery(n: ValidNotification, createdAt: Date, now: Date): boolean {
  if (!("expiresInMinutes" in n.data)) return false;
  return now.getTime() > createdAt.getTime() + n.data.expiresInMinutes * 60_000;
}

/** Secrets never reach `last_error` or logs: the row's own link/code and any URL are masked. */
export function safeErrorMessage(error: unknown, secrets: string[] = []): string {
  let message = error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
  for (const s of secrets) if (s.length >= 4) message = message.split(s).join("[redacted]");
  message = message.replace(/https?:\/\/\S+/g, "[url]");
  return message.slice(0, 500);
}

export function secretsOf(n: ValidNotification | undefined): string[] {
  if (!n || !n.sensitive) return [];
  return "url" in n.data ? (n.data.url ? [n.data.url] : []) : "code" in n.data ? [n.data.code] : [];
}

/** How long a message waits for the company identity to be entered before it is tried again. */
export const COMPANY_MISSING_RETRY_MS = 10 * 60_000;
export const COMPANY_MISSING_MESSAGE = "Identité de l'entreprise non renseignée : console → Réglages → Entreprise";

/**
 * Renders with the identity read from the console's settings when the message is delivered (a
 * change is used by the next delivery). Not entered yet (real HubSpot, fresh install): a customer
 * message waits, visibly, in the delivery desk — never sent with a made-up identity; the staff's
 * own sign-in link goes out without it (they sign in to enter it).
 */
export async function renderForDelivery(n: ValidNotification, db?: Db): Promise<RenderedNotification> {
  const { company } = await getSettings(db);
  try {
    return renderNotification(n, company ? companyView(company) : null);
  } catch (error) {
    if (error instanceof MissingCompanyError) throw new RetryLaterError(COMPANY_MISSING_MESSAGE, COMPANY_MISSING_RETRY_MS);
    throw error;
  }
}

export async function deliverNotification(row: OutboxRow, n: ValidNotification, transports: Transports, db?: Db): Promise<DeliveryResult> {
  const rendered = await renderForDelivery(n, db);
  if (rendered.kind === "email") {
    return transports.email.send({
      to: n.to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      idempotencyKey: row.idempotencyKey,
      ...(rendered.attachments ? { attachments: rendered.attachments } : {}),
    });
  }
  const message = { to: n.to, body: rendered.body, idempotencyKey: row.idempotencyKey };
  if (row.attempts > 1) {
    // A previous attempt may have reached Twilio and timed out: record that message, do not resend.
    const since = new Date(row.createdAt.getTime() - 60_000);
    const existing = await transports.sms.findRecentDuplicate(message, since).catch(() => undefined);
    if (existing) return { providerId: existing, duplicateOf: true };
  }
  return transports.sms.send(message);
}

export async function deliverHubSpotWrite(row: OutboxRow, now: () => number = Date.now): Promise<DeliveryResult> {
  const payload = z.object({ operation: z.string(), args: z.unknown() }).parse(row.payload);
  const handler = hubSpotWriteHandler(payload.operation);
  // Not permanent: an instance running newer code may know the operation.
  if (!handler) throw new Error(`No handler registered for HubSpot write "${payload.operation}"`);
  const result = await runHubSpotWrite(() => handler(payload.args, { idempotencyKey: row.idempotencyKey, contactId: row.contactId, attempt: row.attempts }), now);
  return { hubspot: result ?? null };
}
