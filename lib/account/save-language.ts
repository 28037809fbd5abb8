import "server-only";
import { enqueueHubSpotWrite, wakeOutbox } from "@/lib/outbox/enqueue";
import { currentDb, asDb } from "@/lib/db/current";
import { languageSchema } from "./schemas";
import { UPDATE_CONTACT_OPERATION } from "./update-contact-details";

/**
 * The customer's language, saved on the HubSpot contact (`portal_language`, read at sign-in and by
 * staff for emails) through the outbox. The page also sets the locale cookie for this browser.
 */
export async function saveLanguage(contactId: string, input: { language: string }, now = Date.now()): Promise<"fr" | "en"> {
  const { language } = languageSchema.parse(input);
  const db = await currentDb();
  await db.transaction(async (t) => {
    await enqueueHubSpotWrite(asDb(t), {
      operation: UPDATE_CONTACT_OPERATION,
      args: { contactId, properties: { portal_language: language } },
      idempotencyKey: `account:language:${contactId}:${now}`,
      contactId,
    });
  });
  wakeOutbox();
  return language;
}
