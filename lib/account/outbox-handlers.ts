import "server-only";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { outbox } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { updateContact } from "@/lib/hubspot/writes";
import { PermanentDeliveryError } from "@/lib/notifications/errors";
import { registerHubSpotWrite } from "@/lib/outbox/handlers";
import { currentDb } from "@/lib/db/current";
import { ERASE_CONTACT_OPERATION, eraseContactInHubSpot } from "./erasure";
import { BUILD_EXPORT_OPERATION, buildExport, markExportFailed } from "./export-data";
import { UPDATE_CONTACT_OPERATION } from "./update-contact-details";

/**
 * The account's outbox operations. Arguments are re-validated (rows outlive deployments); every
 * handler is idempotent: a contact update is a PATCH of the same values, an export is rebuilt
 * until it is ready, the erasure archives with ON CONFLICT DO NOTHING and treats "already deleted"
 * as done.
 */
const WRITABLE = ["firstname", "lastname", "email", "phone", "mobilephone", "address", "zip", "city", "portal_language", "portal_marketing_consent"] as const;
const contactId = z.string().regex(/^\d{1,20}$/);

const updateArgs = z.object({
  contactId,
  properties: z.partialRecord(z.enum(WRITABLE), z.string().max(300)),
});
const exportArgs = z.object({ exportId: z.string().uuid(), locale: z.enum(["fr", "en"]).default("fr") });
const eraseArgs = z.object({ erasureId: z.string().uuid(), contactId });

/** After this many failed attempts the export is reported as failed (the customer can ask again). */
const EXPORT_MAX_ATTEMPTS = 6;

function parse<T>(schema: z.ZodType<T>, args: unknown, operation: string): T {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw new PermanentDeliveryError(`${operation}: invalid arguments`);
  return parsed.data;
}

/**
 * Properties of this contact written by a LATER accepted change (queued, being sent or sent).
 * Rows retry independently with jittered backoff, so an older change can be delivered after a newer
 * one: it must not put the older value back (found by the resilience bench: a name changed twice
 * during a HubSpot outage ended with the first value).
 */
async function supersededProperties(contactId: string, idempotencyKey: string): Promise<Set<string>> {
  const db = await currentDb();
  // Compared in SQL: created_at has microseconds, a JS Date only milliseconds (the row would find itself).
  const newer = await db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(
      and(
        eq(outbox.contactId, contactId),
        eq(outbox.kind, "hubspot"),
        ne(outbox.idempotencyKey, idempotencyKey),
        sql`${outbox.createdAt} > (select o.created_at from outbox o where o.idempotency_key = ${idempotencyKey})`,
        inArray(outbox.status, ["pending", "sending", "sent"]),
        sql`${outbox.payload}->>'operation' = ${UPDATE_CONTACT_OPERATION}`,
      ),
    );
  const keys = new Set<string>();
  for (const row of newer) {
    const parsed = z.object({ args: updateArgs }).safeParse(row.payload);
    if (parsed.success) for (const k of Object.keys(parsed.data.args.properties)) keys.add(k);
  }
  return keys;
}

export function registerAccountHandlers(): void {
  registerHubSpotWrite(UPDATE_CONTACT_OPERATION, async (args, ctx) => {
    const a = parse(updateArgs, args, UPDATE_CONTACT_OPERATION);
    const superseded = await supersededProperties(a.contactId, ctx.idempotencyKey);
    const properties = Object.fromEntries(
      Object.entries(a.properties).filter((e): e is [string, string] => typeof e[1] === "string" && !superseded.has(e[0])),
    );
    if (Object.keys(properties).length === 0) return { updated: [], superseded: [...superseded] };
    try {
      await updateContact(a.contactId, properties);
    } catch (error) {
      // The contact no longer exists (erased, merged by staff): nothing will ever accept this write.
      if (isAppError(error) && error.code === "NOT_FOUND") throw new PermanentDeliveryError(`${UPDATE_CONTACT_OPERATION}: contact gone`);
      throw error;
    }
    return { updated: Object.keys(properties) };
  });
  registerHubSpotWrite(BUILD_EXPORT_OPERATION, async (args, ctx) => {
    const a = parse(exportArgs, args, BUILD_EXPORT_OPERATION);
    try {
      return await buildExport(a.exportId, a.locale);
    } catch (error) {
      if (ctx.attempt >= EXPORT_MAX_ATTEMPTS) {
        await markExportFailed(a.exportId);
        throw new PermanentDeliveryError(`${BUILD_EXPORT_OPERATION}: gave up after ${ctx.attempt} attempts`);
      }
      throw error;
    }
  });
  registerHubSpotWrite(ERASE_CONTACT_OPERATION, async (args, ctx) => {
    const a = parse(eraseArgs, args, ERASE_CONTACT_OPERATION);
    return eraseContactInHubSpot(a, ctx);
  });
}
