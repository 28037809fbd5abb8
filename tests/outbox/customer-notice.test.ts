import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { notificationPreferences, outbox } from "@/lib/db/schema";
import { channelsOf } from "@/lib/contact/channels";
import { enqueueCustomerNotice } from "@/lib/outbox/customer-notice";
import { openTestDb } from "@/tests/support/db";

/** The email + SMS pair of a customer notice (service reply, survey invitation, technician en route). */
let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const keysOf = async (prefix: string) =>
  (await handle.db.select().from(outbox))
    .filter((r) => r.idempotencyKey.startsWith(prefix))
    .map((r) => [r.kind, r.idempotencyKey])
    .sort();

const reply = (contactId: string) => ({
  key: `test-reply:${contactId}`,
  contactId,
  email: { template: "service-reply" as const, data: { subject: "Prise qui chauffe", url: "http://localhost:3000/messages/1" } },
  sms: { template: "notice" as const, data: { text: "Notre équipe a répondu." } },
});

describe("enqueueCustomerNotice", () => {
  it("queues one row per channel, keyed <key>:email and <key>:sms, once however often it runs", async () => {
    const channels = channelsOf({ email: "camille@example.fr", phone: "06 12 34 56 78", language: "fr" });
    expect(await enqueueCustomerNotice(handle.db, channels, reply("c1"))).toEqual({ email: "queued", sms: "queued" });
    await enqueueCustomerNotice(handle.db, channels, reply("c1"));
    expect(await keysOf("test-reply:c1")).toEqual([
      ["email", "test-reply:c1:email"],
      ["sms", "test-reply:c1:sms"],
    ]);
  });

  it("leaves out a channel the customer lacks: no SMS to a landline", async () => {
    const channels = channelsOf({ email: "camille@example.fr", phone: "04 78 62 45 18", language: "fr" });
    expect(await enqueueCustomerNotice(handle.db, channels, reply("c2"))).toEqual({ email: "queued" });
    expect(await keysOf("test-reply:c2")).toEqual([["email", "test-reply:c2:email"]]);
  });

  it("skips a channel the customer turned off for the notice's category", async () => {
    await handle.db.insert(notificationPreferences).values({ contactId: "c3", surveySms: false });
    const channels = channelsOf({ email: "camille@example.fr", phone: "06 12 34 56 78", language: "en" });
    const outcome = await enqueueCustomerNotice(handle.db, channels, {
      key: "test-survey:c3",
      contactId: "c3",
      category: "survey",
      email: { template: "survey-invitation", data: { subject: "Dépannage", url: "http://localhost:3000/avis/x" }, sensitive: true },
      sms: { template: "survey-invitation-sms", data: { url: "http://localhost:3000/avis/x" }, sensitive: true },
    });
    expect(outcome).toEqual({ email: "queued", sms: "skipped" });
    expect(await keysOf("test-survey:c3")).toEqual([["email", "test-survey:c3:email"]]);
  });
});
