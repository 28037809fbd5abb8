import "server-only";
import type { ContactChannels } from "@/lib/contact/channels";
import type { Db } from "@/lib/db/client";
import { asDb } from "@/lib/db/current";
import type { NotificationCategory, NotificationChannel } from "@/lib/notifications/categories";
import type { NotificationInput } from "@/lib/notifications/inputs";
import { enqueueNotification } from "./enqueue";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a notice says on one channel: a template of that channel and its data (and `sensitive`). */
export type ChannelMessage<C extends NotificationChannel> = DistributiveOmit<Extract<NotificationInput, { kind: C }>, "kind" | "to" | "locale">;

export interface CustomerNotice {
  /** The idempotency key of the notice: each channel's row is keyed `<key>:email` / `<key>:sms`. */
  key: string;
  contactId: string;
  /** An optional kind (survey, tracking…): a channel the customer turned off for it is skipped. */
  category?: NotificationCategory;
  email?: ChannelMessage<"email">;
  sms?: ChannelMessage<"sms">;
}

export type NoticeOutcome = Partial<Record<NotificationChannel, "queued" | "skipped">>;

type QueuedNotification = Parameters<typeof enqueueNotification>[1];

/**
 * One notice to a customer by email and by SMS, on the channels they have (lib/contact
 * `channelsOf`: a valid email, a mobile), in their language. Both rows commit together, each with
 * its own idempotency key, so a repeated webhook, poll or second instance queues nothing more.
 * A channel with no message, or that the customer lacks, is left out.
 */
export async function enqueueCustomerNotice(db: Db, channels: ContactChannels, notice: CustomerNotice): Promise<NoticeOutcome> {
  const common = { locale: channels.locale, contactId: notice.contactId, ...(notice.category ? { category: notice.category } : {}) };
  const rows: { channel: NotificationChannel; input: QueuedNotification }[] = [];
  if (notice.email && channels.email) {
    rows.push({ channel: "email", input: { ...notice.email, kind: "email", to: channels.email, ...common, idempotencyKey: `${notice.key}:email` } as QueuedNotification });
  }
  if (notice.sms && channels.phone) {
    rows.push({ channel: "sms", input: { ...notice.sms, kind: "sms", to: channels.phone, ...common, idempotencyKey: `${notice.key}:sms` } as QueuedNotification });
  }
  const outcome: NoticeOutcome = {};
  if (rows.length === 0) return outcome;
  await db.transaction(async (t) => {
    const tx = asDb(t);
    for (const row of rows) outcome[row.channel] = await enqueueNotification(tx, row.input);
  });
  return outcome;
}
