import "server-only";
import { getDb } from "@/lib/db/client";
import { unreadReply } from "./unread";
import { getEnv } from "@/lib/env";
import { getConversation, getCustomer } from "@/lib/hubspot/queries";
import { channelsOf } from "@/lib/contact/channels";
import { enqueueCustomerNotice } from "@/lib/outbox";

/** Replies older than this when first seen are not announced (e.g. history imported into HubSpot). */
const FRESH_MS = 24 * 3600_000;

/**
 * Email + SMS notice of a staff reply, once per reply note: the idempotency keys
 * `service-reply:<note id>:email|sms` make repeated webhooks, instances and polls enqueue nothing
 * more. Only the latest unanswered staff message is announced, and only while recent.
 */
export async function notifyServiceReply(contactId: string, ticketId: string, now = new Date()): Promise<boolean> {
  const conversation = await getConversation(contactId, ticketId);
  const unread = unreadReply(conversation);
  if (!unread) return false;
  const at = unread.latestReply.at ? new Date(unread.latestReply.at).getTime() : Number.NaN;
  if (!Number.isFinite(at) || now.getTime() - at > FRESH_MS) return false;
  const customer = await getCustomer(contactId);
  const channels = channelsOf(customer);
  const url = new URL(`/messages/${ticketId}`, getEnv().SITE_URL).toString();
  const text =
    channels.locale === "en"
      ? `Our team replied to your request "${conversation.subject.slice(0, 60)}". Read it in your portal: ${url}`
      : `Notre équipe a répondu à votre demande « ${conversation.subject.slice(0, 60)} ». À lire dans votre espace : ${url}`;
  // A reply is not an optional kind of message: no preference category.
  await enqueueCustomerNotice(await getDb(), channels, {
    key: `service-reply:${unread.latestReply.id}`,
    contactId,
    email: { template: "service-reply", data: { firstName: customer.firstName ?? undefined, subject: conversation.subject.slice(0, 200), url } },
    sms: { template: "notice", data: { text } },
  });
  return true;
}
