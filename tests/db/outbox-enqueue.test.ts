import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { enqueueHubSpotWrite, enqueueNotification } from "@/lib/outbox/enqueue";
import { notificationOf } from "@/lib/outbox/deliver";
import { openPayload, sealPayload } from "@/lib/outbox/seal";
import { openTestDb } from "@/tests/support/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const link = (key: string) =>
  ({
    kind: "email",
    template: "sign-in-link",
    to: "camille.martin@example.fr",
    locale: "fr",
    data: { url: `https://portail.example.fr/connexion/confirmer?token=${key}-SECRET-TOKEN`, expiresInMinutes: 10 },
    sensitive: true,
    idempotencyKey: key,
    contactId: "101",
  }) as const;

describe("enqueueNotification", () => {
  it("enqueues once per idempotency key, even when the action is retried", async () => {
    const key = `sign-in:${crypto.randomUUID()}`;
    await enqueueNotification(handle.db, link(key));
    await enqueueNotification(handle.db, link(key));
    await handle.db.transaction(async (tx) => enqueueNotification(tx, link(key)));
    const rows = await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "email", status: "pending", attempts: 0, contactId: "101" });
  });

  it("commits or rolls back with the caller's transaction", async () => {
    const key = `rolled-back:${crypto.randomUUID()}`;
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueueNotification(tx, link(key));
        throw new Error("the customer action failed");
      }),
    ).rejects.toThrow("the customer action failed");
    expect(await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, key))).toHaveLength(0);
  });

  it("stores sign-in links and codes only sealed: neither the secret nor the recipient is readable", async () => {
    const key = `sealed:${crypto.randomUUID()}`;
    await enqueueNotification(handle.db, link(key));
    await enqueueNotification(handle.db, {
      kind: "sms",
      template: "sign-in-code",
      to: "+33612345678",
      locale: "fr",
      data: { code: "482916", expiresInMinutes: 10 },
      sensitive: true,
      idempotencyKey: `${key}:sms`,
    });
    const rows = await handle.db.select().from(outbox).where(eq(outbox.contactId, "101"));
    const stored = JSON.stringify(await handle.db.select().from(outbox));
    expect(stored).not.toContain("SECRET-TOKEN");
    expect(stored).not.toContain("482916");
    expect(stored).not.toContain("+33612345678");
    expect(stored).not.toContain("camille.martin@example.fr");
    const row = rows.find((r) => r.idempotencyKey === key)!;
    expect(row.payload).toMatchObject({ template: "sign-in-link", locale: "fr", sensitive: true, sealed: expect.stringMatching(/^v1\./) });
    // The worker can open it, and gets back exactly what was enqueued.
    expect(notificationOf(row)).toMatchObject({ to: "camille.martin@example.fr", data: { url: expect.stringContaining("SECRET-TOKEN") } });
  });

  it("keeps ordinary notices readable for operators", async () => {
    const key = `reply:${crypto.randomUUID()}`;
    await enqueueNotification(handle.db, {
      kind: "email",
      template: "service-reply",
      to: "antoine.girard@example.fr",
      locale: "en",
      data: { subject: "Prise qui chauffe", url: "https://portail.example.fr/messages/1" },
      idempotencyKey: key,
    });
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
    expect(row!.payload).toMatchObject({ template: "service-reply", sensitive: false, to: "antoine.girard@example.fr" });
  });

  it("rejects invalid input before touching the database", async () => {
    const key = `invalid:${crypto.randomUUID()}`;
    await expect(enqueueNotification(handle.db, { ...link(key), to: "not-an-email" })).rejects.toThrow();
    await expect(enqueueNotification(handle.db, { ...link(key), data: { url: "javascript:alert(1)", expiresInMinutes: 10 } })).rejects.toThrow();
    await expect(
      enqueueNotification(handle.db, { kind: "sms", template: "sign-in-code", to: "06 12 34 56 78", locale: "fr", data: { code: "123456", expiresInMinutes: 10 }, sensitive: true, idempotencyKey: key }),
    ).rejects.toThrow();
    await expect(enqueueNotification(handle.db, { ...link(key), idempotencyKey: "" })).rejects.toThrow();
    expect(await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, key))).toHaveLength(0);
  });
});

describe("enqueueHubSpotWrite", () => {
  it("enqueues once per key with its operation and arguments", async () => {
    const key = `booking:${crypto.randomUUID()}`;
    const input = { operation: "booking.create", args: { slot: "2026-03-03T08:00:00Z" }, idempotencyKey: key, contactId: "101" };
    await enqueueHubSpotWrite(handle.db, input);
    await enqueueHubSpotWrite(handle.db, { ...input, args: { slot: "changed" } });
    const rows = await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "hubspot", payload: { operation: "booking.create", args: { slot: "2026-03-03T08:00:00Z" } } });
    await expect(enqueueHubSpotWrite(handle.db, { ...input, operation: "DROP TABLE", idempotencyKey: `${key}:2` })).rejects.toThrow();
  });
});

describe("sealing", () => {
  it("is bound to its row: tampering or moving the blob to another row fails", () => {
    const sealed = sealPayload({ code: "123456" }, "row-1");
    expect(openPayload(sealed, "row-1")).toEqual({ code: "123456" });
    expect(() => openPayload(sealed, "row-2")).toThrow();
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[2]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    expect(() => openPayload([parts[0], parts[1], ct.toString("base64url"), parts[3]].join("."), "row-1")).toThrow();
    expect(sealPayload({ code: "123456" }, "row-1")).not.toBe(sealed); // fresh IV each time
  });
});
