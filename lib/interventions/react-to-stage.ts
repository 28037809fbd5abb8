import "server-only";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getCustomer, getIntervention } from "@/lib/hubspot/queries";
import type { InterventionStageKey } from "@/lib/model/vocabulary";
import { createFormat } from "@/lib/i18n/format";
import { enqueueCustomerNotice } from "@/lib/outbox";
import { technicianFirstName } from "@/lib/model/intervention-stages";
import { channelsOf } from "@/lib/contact/channels";
import { queueSurveyInvitation } from "@/lib/surveys";

/**
 * What the portal does when an intervention changes stage in HubSpot (webhook → lib/live/bridge):
 * - "Technicien en route": an SMS with the ETA, once per ticket and stage: the outbox's
 *   idempotency key `intervention:<ticket>:en_route:<stage id>:sms` makes duplicate webhooks and
 *   a second instance receiving the same change enqueue nothing more;
 * - "Terminée" / "Rapport disponible": the satisfaction survey invitation (email + SMS), once per
 *   intervention, unless already answered.
 */
export async function reactToInterventionStage(contactId: string, ticketId: string, stageId: string, stage: InterventionStageKey): Promise<void> {
  if (stage !== "en_route" && stage !== "done" && stage !== "report_available") return;
  const [customer, intervention] = await Promise.all([getCustomer(contactId), getIntervention(contactId, ticketId)]);
  const channels = channelsOf(customer);
  const url = new URL(`/interventions/${ticketId}`, getEnv().SITE_URL).toString();
  if (stage === "en_route") {
    if (!channels.phone) return;
    const format = createFormat(channels.locale);
    const name = technicianFirstName(intervention.technician);
    const eta = intervention.eta ? format.time(intervention.eta) : null;
    const text =
      channels.locale === "en"
        ? `${name ? `${name}, your technician,` : "Your technician"} is on the way${eta ? `, expected around ${eta}` : ""}. Follow: ${url}`
        : `${name ? `votre technicien ${name}` : "votre technicien"} est en route${eta ? `, arrivée estimée vers ${eta}` : ""}. Suivi : ${url}`;
    // SMS only; the row is keyed `intervention:<ticket>:en_route:<stage id>:sms`.
    await enqueueCustomerNotice(await getDb(), channels, {
      key: `intervention:${ticketId}:en_route:${stageId}`,
      contactId,
      // The customer may turn tracking messages off (Compte → préférences).
      category: "tracking",
      sms: { template: "notice", data: { text } },
    });
    return;
  }
  if (intervention.satisfaction) return;
  await queueSurveyInvitation({ contactId, ticketId, customer, subject: intervention.subject });
}
