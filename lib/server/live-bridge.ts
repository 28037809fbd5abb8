import "server-only";
import { listAssociatedIds } from "@/lib/hubspot/api";
import { cacheTags, invalidateTags } from "@/lib/hubspot/cache";
import { interventionStageKeyOf, serviceDeskStageKeyOf } from "@/lib/hubspot/conversations";
import { onHubSpotChange, type HubSpotChange } from "@/lib/hubspot/events";
import { reactToInterventionStage } from "@/lib/interventions/react-to-stage";
import { notifyServiceReply } from "@/lib/messages/notify-reply";
import { publishLive } from "@/lib/live/process-bus";
import { processSingleton } from "@/lib/process/singleton";
import { log } from "@/lib/log";

const liveLog = log.child({ scope: "live" });

/**
 * From verified HubSpot webhooks (lib/hubspot/webhooks → events.ts, on the instance that received
 * them) to customers' open pages on every instance (live bus) and to the notifications a change
 * triggers (en-route SMS, survey invitation, reply notice: each once, by outbox idempotency key).
 *
 * Notes have no classic webhooks: a staff reply is seen through the ticket change that usually comes
 * with it (the stage moves to "En attente du client"), so a ticket change also drops the ticket's
 * cached notes; and through the generic `object.creation` subscription for notes (objectTypeId
 * 0-46), so a reply on a ticket that does not move is seen too.
 */
type Holder = { installed?: boolean };
const holder = processSingleton<Holder>("__duretLiveBridge", () => ({}));

export function installLiveBridge(): void {
  if (holder.installed) return;
  holder.installed = true;
  onHubSpotChange((change) => {
    void handleChange(change).catch((error: unknown) => liveLog.error({ err: error }, "change handling failed"));
  });
}

async function ownersOf(change: HubSpotChange): Promise<string[]> {
  if (change.contactIds.length > 0) return change.contactIds;
  try {
    return await listAssociatedIds("tickets", change.objectId, "contacts");
  } catch (error) {
    liveLog.error({ err: error, ticketId: change.objectId }, "owners of the ticket unknown");
    return [];
  }
}

/** A new note on service-desk tickets: refresh the open threads and announce a staff reply (once per note). */
async function handleNewNote(noteId: string): Promise<void> {
  const ticketIds = await listAssociatedIds("notes", noteId, "tickets");
  for (const ticketId of ticketIds) {
    await invalidateTags([cacheTags.ticketNotes(ticketId)]);
    const contactIds = await listAssociatedIds("tickets", ticketId, "contacts");
    await Promise.all(contactIds.map((contactId) => publishLive({ contactId, topic: "ticket", id: ticketId })));
    for (const contactId of contactIds) {
      // Not a conversation of this contact (an intervention's note, say): getConversation refuses it.
      await notifyServiceReply(contactId, ticketId).catch(() => false);
    }
  }
}

export async function handleChange(change: HubSpotChange): Promise<void> {
  if (change.objectType === "notes" && change.subscriptionType.endsWith(".creation")) return handleNewNote(change.objectId);
  if (change.objectType !== "tickets" || change.subscriptionType.endsWith(".deletion")) return;
  const ticketId = change.objectId;
  await invalidateTags([cacheTags.ticketNotes(ticketId)]);
  const contactIds = await ownersOf(change);
  await Promise.all(contactIds.map((contactId) => publishLive({ contactId, topic: "ticket", id: ticketId })));
  if (change.propertyName !== "hs_pipeline_stage" || !change.propertyValue) return;
  const stageId = change.propertyValue;
  const [interventionStage, deskStage] = await Promise.all([interventionStageKeyOf(stageId), serviceDeskStageKeyOf(stageId)]);
  for (const contactId of contactIds) {
    try {
      if (interventionStage) await reactToInterventionStage(contactId, ticketId, stageId, interventionStage);
      else if (deskStage) await notifyServiceReply(contactId, ticketId);
    } catch (error) {
      liveLog.error({ err: error, ticketId, contactId }, "reaction to the ticket failed");
    }
  }
}
