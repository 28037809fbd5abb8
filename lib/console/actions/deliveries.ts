"use server";
import "server-only";
import { z } from "zod";
import { discardDelivery, discardSchema, retryDelivery, retrySchema, runConnectionCheck } from "@/lib/console/delivery-desk";
import { staffAction, staffDeps } from "@/lib/staff";

/** « Réessayer »: office and admin. */
export const retryDeliveryAction = staffAction("office", "outbox.retry", retrySchema, async (input, staff) => {
  await retryDelivery((await staffDeps()).db, staff, input);
  return { retried: input.id };
});

/** « Abandonner avec un motif »: admin only (checked here and in discardDelivery). */
export const discardDeliveryAction = staffAction("admin", "outbox.discard", discardSchema, async (input, staff) => {
  await discardDelivery((await staffDeps()).db, staff, input);
  return { discarded: input.id };
});

/** The same checks as `npm run hubspot:check`: admin only. */
export const runHubSpotCheckAction = staffAction("admin", "hubspot.check", z.object({}), async (_input, staff) =>
  runConnectionCheck((await staffDeps()).db, staff),
);
