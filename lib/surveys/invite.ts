import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import type { Customer } from "@/lib/model/types";
import { channelsOf } from "@/lib/contact/channels";
import { enqueueNotification } from "@/lib/outbox";
import { issueSurveyToken } from "./token";

export function surveyUrl(token: string): string {
  return new URL(`/avis/${token}`, getEnv().SITE_URL).toString();
}

/**
 * The survey invitation when an intervention is done: email + SMS with a personal link, once per
 * intervention (idempotency keys `survey-invite:<ticket>:email|sms`; the link inside the first
 * enqueued row is the one sent). The link's token is sealed in the outbox payload (sensitive).
 */
export async function queueSurveyInvitation(input: { contactId: string; ticketId: string; customer: Customer; subject: string }): Promise<void> {
  const channels = channelsOf(input.customer);
  const url = surveyUrl(await issueSurveyToken({ contactId: input.contactId, ticketId: input.ticketId }));
  const db = await getDb();
  await db.transaction(async (tx) => {
    if (channels.email) {
      await enqueueNotification(tx, {
        kind: "email",
        template: "survey-invitation",
        to: channels.email,
        locale: channels.locale,
        data: { firstName: input.customer.firstName ?? undefined, subject: input.subject.slice(0, 200), url },
        sensitive: true,
        idempotencyKey: `survey-invite:${input.ticketId}:email`,
        contactId: input.contactId,
      });
    }
    if (channels.phone) {
      await enqueueNotification(tx, {
        kind: "sms",
        template: "survey-invitation-sms",
        to: channels.phone,
        locale: channels.locale,
        data: { url },
        sensitive: true,
        idempotencyKey: `survey-invite:${input.ticketId}:sms`,
        contactId: input.contactId,
      });
    }
  });
}
