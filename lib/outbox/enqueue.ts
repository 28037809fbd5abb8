import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { sealPayload } from "./seal";
import { notifyWorker } from "./wake";

/**
 * Writing external effects into the outbox, inside the caller's transaction: the customer action
 * and its emails / SMS / HubSpot writes commit or roll back together, and the worker delivers them.
 * The idempotency key is unique: enqueueing again with the same key (a retried action) is a no-op.
 */

const locale = z.enum(["fr", "en"]);
const email = z.email().max(254);
// E.164: the sign-in side normalises phone numbers before enqueueing.
const phone = z.string().regex(/^\+[1-9]\d{6,14}$/, "E.164 phone number expected");
const minutes = z.number().int().positive().max(7 * 24 * 60);

export const notificationInputSchema = z.discriminatedUnion("template", [
  z.object({
    kind: z.literal("email"),
    template: z.literal("sign-in-link"),
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
  /** A short generic notice by SMS (e.g. "a reply is waiting in your portal"). */
  z.object({
    kind: z.literal("sms"),
    template: z.literal("notice"),
    to: phone,
    locale,
    data: z.object({ text: z.string().min(1).max(300) }),
    sensitive: z.literal(false).optional(),
  }),
]);

export type NotificationInput = z.input<typeof notificationInputSchema>;
/** A notification after validation: what templates render. */
export type ValidNotification = z.output<typeof notificationInputSchema>;
export type NotificationTemplate = NotificationInput["template"];

const keySchema = z.object({
  idempotencyKey: z.string().min(1).max(300),
  contactId: z.string().max(64).nullish(),
});

/**
 * What a notification row's payload holds. Sensitive ones keep only a sealed blob (recipient and
 * data), replaced by `redacted: true` once delivered or dead.
 */
export type NotificationPayload =
  | { template: NotificationTemplate; locale: "fr" | "en"; sensitive: true; sealed: string }
  | { template: NotificationTemplate; locale: "fr" | "en"; sensitive: true; redacted: true }
  | { template: NotificationTemplate; locale: "fr" | "en"; sensitive: false; to: string; data: Record<string, unknown> };

export type HubSpotWritePayload = { operation: string; args: unknown };

export async function enqueueNotification(
  tx: Db,
  input: NotificationInput & { idempotencyKey: string; contactId?: string | null },
): Promise<void> {
  const { idempotencyKey, contactId } = keySchema.parse(input);
  const n = notificationInputSchema.parse(input);
  const id = randomUUID();
  const payload: NotificationPayload = n.sensitive
    ? { template: n.template, locale: n.locale, sensitive: true, sealed: sealPayload({ to: n.to, data: n.data }, id) }
    : { template: n.template, locale: n.locale, sensitive: false, to: n.to, data: n.data };
  await tx
    .insert(outbox)
    .values({ id, kind: n.kind, idempotencyKey, contactId: contactId ?? null, payload })
    .onConflictDoNothing({ target: outbox.idempotencyKey });
  notifyWorker();
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
