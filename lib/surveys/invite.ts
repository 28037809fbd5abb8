import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import type { Customer } from "@/lib/model/types";
import { channelsOf } from "@/lib/contact/channels";
import { enqueueCustomerNotice } from "@/lib/outbox";
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
  await enqueueCustomerNotice(await getDb(), channels, {
    key: `survey-invite:${input.ticketId}`,
    contactId: input.contactId,
    // The customer may turn survey invitations off (Compte → préférences).
    category: "survey",
    email: { template: "survey-invitation", data: { firstName: input.customer.firstName ?? undefined, subject: input.subject.slice(0, 200), url }, sensitive: true },
    sms: { template: "survey-invitation-sms", data: { url }, sensitive: true },
  });
}
