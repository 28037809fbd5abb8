import "server-only";
import { getIntervention } from "@/lib/hubspot/queries";
import { surveyOpen } from "@/lib/model/intervention-stages";
import { surveyUrl } from "./invite";
import { surveyAnsweredLocally } from "./submit-survey";
import { issueSurveyToken } from "./token";

/** A survey link for the signed-in owner of a done, unanswered intervention; null otherwise. */
export async function surveyLinkForCustomer(contactId: string, ticketId: string): Promise<string | null> {
  const intervention = await getIntervention(contactId, ticketId);
  if (!surveyOpen(intervention) || (await surveyAnsweredLocally(ticketId, contactId))) return null;
  return surveyUrl(await issueSurveyToken({ contactId, ticketId }));
}
