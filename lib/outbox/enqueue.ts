import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { channelAllowed } from "@/lib/notifications/preferences";
import { NOTIFICATION_CATEGORIES, type NotificationCategory } from "@/lib/notifications/categories";
import { notificationInputSchema, type NotificationInput, type NotificationTemplate, type ValidNotification } from "@/lib/notifications/inputs";
import { sealPayload } from "./seal";
import { notifyWorker } from "./wake";

/**
 * Writing external effects into the outbox, inside the caller's transaction: the customer action
 * and its emails / SMS / HubSpot writes commit or roll back together, and the worker delivers them.
 * The idempotency key is unique: enqueueing again with the same key (a retried action) is a no-op.
 */

const keySchema = z.object({
  idempotencyKey: z.string().min(1).max(300),
  contactId: z.string().max(64).nullish(),
});

/**
 * What a notification row's payload holds. Sensitive ones keep only a sealed blob (recipient and
 * data), replaced by `redacted: true` once delivered or dead.
 */
export type NotificationPayload = (
  | { template: NotificationTemplate; locale: "fr" | "en"; sensitive: true; sealed: string }
  | { template: NotificationTemplate; locale: "fr" | "en"; sensitive: true; redacted: true }
  | { template: NotificationTemplate; locale: "fr" | "en"; sensitive: false; to: string; data: Record<string, unknown> }
) & { /** An optional kind the customer may turn off (checked again before delivery). */ category?: NotificationCategory };

export type HubSpotWritePayload = { operation: string; args: unknown };

/** Templates that are optional by nature, even when the caller gave no category. */
function implicitCategory(n: ValidNotification, idempotencyKey: string): NotificationCategory | undefined {
  if (n.template === "survey-invitation" || n.template === "survey-invitation-sms") return "survey";
  if (n.template === "booking-sms" && n.data.event === "reminder") return "reminder";
  // Intervention tracking notices (technician en route…) are generic "notice" SMS, recognised by
  // the key lib/interventions gives them, until that caller passes `category: "tracking"` itself.
  if (n.template === "notice" && /^intervention:[^:]+:[a-z_]+:/.test(idempotencyKey)) return "tracking";
  return undefined;
}

/**
 * Queues a notification. With a `category` (reminder, tracking, survey) and a `contactId`, a
 * channel the customer turned off for that kind is skipped: nothing is queued ("skipped"), and the
 * worker checks again before delivery (preferences may change before a scheduled reminder).
 * Sign-in, security and account messages have no category: they are always sent.
 */
export async function enqueueNotification(
  tx: Db,
  input: NotificationInput & { idempotencyKey: string; contactId?: string | null; /** Not delivered before (e.g. a reminder the day before). */ notBefore?: Date; category?: NotificationCategory },
): Promise<"queued" | "skipped"> {
  const { idempotencyKey, contactId } = keySchema.parse(input);
  const notBefore = input.notBefore && !Number.isNaN(input.notBefore.getTime()) ? input.notBefore : undefined;
  const n = notificationInputSchema.parse(input);
  const category = input.category === undefined ? implicitCategory(n, idempotencyKey) : z.enum(NOTIFICATION_CATEGORIES).parse(input.category);
  const id = randomUUID();
  if (category && contactId && !(await channelAllowed(tx, contactId, category, n.kind))) return "skipped";
  const payload: NotificationPayload = n.sensitive
    ? { template: n.template, locale: n.locale, sensitive: true, sealed: sealPayload({ to: n.to, data: n.data }, id), ...(category ? { category } : {}) }
    : { template: n.template, locale: n.locale, sensitive: false, to: n.to, data: n.data, ...(category ? { category } : {}) };
  await tx
    .insert(outbox)
    .values({ id, kind: n.kind, idempotencyKey, contactId: contactId ?? null, payload, ...(notBefore ? { nextAttemptAt: notBefore } : {}) })
    .onConflictDoNothing({ target: outbox.idempotencyKey });
  notifyWorker();
  return "queued";
}

const hubspotWriteSchema = z.object({
  operation: z.string().regex(/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/, "operation like \"booking.create\""),
  args: z.unknown(),
});

/**
 * A HubSpot write delivered by the handler registered under `operation` (lib/outbox/handlers.ts).
 * Handlers must be idempotent: a write may be attempted again after a timeout that did apply it.
 */
export async function enqueueHubSpotWrite(
  tx: Db,
  input: { operation: string; args: unknown; idempotencyKey: string; contactId?: string | null },
): Promise<void> {
  const { idempotencyKey, contactId } = keySchema.parse(input);
  const { operation, args } = hubspotWriteSchema.parse(input);
  const payload: HubSpotWritePayload = { operation, args: args ?? null };
  await tx
    .insert(outbox)
    .values({ id: randomUUID(), kind: "hubspot", idempotencyKey, contactId: contactId ?? null, payload })
    .onConflictDoNothing({ target: outbox.idempotencyKey });
  notifyWorker();
}

/** Asks the in-process worker to run now instead of at its next poll. */
export function wakeOutbox(): void {
  notifyWorker();
}
