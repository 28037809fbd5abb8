import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";

/**
 * Where a queued message stands, for the pages that tell a customer what was sent: `queued` (not
 * handed to the provider yet: « nous vous envoyons… »), `sent` (the provider accepted it), or
 * `failed` (given up; operators see it in the dead letters). A page never says « envoyé » before
 * the row is `sent`.
 */
export type DeliveryState = "queued" | "sent" | "failed";

export interface Delivery {
  key: string;
  channel: "email" | "sms";
  state: DeliveryState;
}

/** The messages of this contact among these idempotency keys (in the order of `keys`; missing ones are left out). */
export async function deliveriesOf(db: Db, contactId: string, keys: readonly string[]): Promise<Delivery[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .select({ key: outbox.idempotencyKey, kind: outbox.kind, status: outbox.status })
    .from(outbox)
    .where(and(eq(outbox.contactId, contactId), inArray(outbox.idempotencyKey, [...keys])));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return keys.flatMap((key) => {
    const row = byKey.get(key);
    if (!row || (row.kind !== "email" && row.kind !== "sms")) return [];
    const state: DeliveryState = row.status === "sent" ? "sent" : row.status === "dead" ? "failed" : "queued";
    return [{ key, channel: row.kind, state }];
  });
}

/**
 * Where one message stands, by its idempotency key alone, for messages to someone who is not a
 * known contact yet (sign-in): the key must be unguessable (it embeds the attempt's random id).
 */
export async function deliveryByKey(db: Db, key: string): Promise<Delivery | null> {
  const [row] = await db.select({ kind: outbox.kind, status: outbox.status }).from(outbox).where(eq(outbox.idempotencyKey, key));
  if (!row || (row.kind !== "email" && row.kind !== "sms")) return null;
  return { key, channel: row.kind, state: row.status === "sent" ? "sent" : row.status === "dead" ? "failed" : "queued" };
}
