import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discardDelivery, listDeliveries, retryDelivery } from "@/lib/console/delivery-desk";
import type { DbHandle } from "@/lib/db/client";
import { outbox, staffAudit } from "@/lib/db/schema";
import { createSmsTransport } from "@/lib/notifications/sms";
import { enqueueNotification } from "@/lib/outbox/enqueue";
import { runOutboxOnce } from "@/lib/outbox/worker";
import type { StaffSession } from "@/lib/staff/roles";
import { openTestDb } from "@/tests/support/db";
import { SANDBOX_TOKEN, TEST_SID, fakeClock, setCaptureFaults, startCaptureSandbox } from "@/tests/outbox/support";

const staff = (role: "admin" | "office", email = `${role}@duret.test`): StaffSession => ({
  email,
  role,
  name: role,
  hubspotOwnerId: "1",
  sessionId: "s".repeat(20),
  signedInAt: 1,
  expiresAt: 2,
});

/**
 * The promise: a failed SMS appears in the delivery desk and is delivered once after
 * « Réessayer ». Real Twilio SDK against the sandbox's fake Twilio (made to fail, then to work),
 * the real worker, the embedded database.
 */
describe("delivery desk", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => handle?.close());

  it("a dead SMS is listed (no recipient, no payload), retried by an office user, delivered once, audited", async () => {
    const sandbox = await startCaptureSandbox();
    const sms = createSmsTransport({ accountSid: TEST_SID, authToken: SANDBOX_TOKEN, from: "+33700000000", baseUrl: `${sandbox.url}/_twilio`, timeoutMs: 2_000 });
    const clock = fakeClock();
    const options = { db: handle.db, transports: { sms, email: { send: async () => ({ providerId: "x" }), close: () => {} } }, now: clock.now, random: () => 1, log: () => {} };
    try {
      await setCaptureFaults(sandbox, { sms: "fail" });
      await handle.db.transaction(async (tx) => {
        await enqueueNotification(tx, { kind: "sms", template: "notice", to: "+33612345678", locale: "fr", data: { text: "Votre technicien arrive à 14 h." }, idempotencyKey: "desk:sms" });
      });
      await handle.db.update(outbox).set({ maxAttempts: 2 }).where(eq(outbox.idempotencyKey, "desk:sms"));
      for (let i = 0; i < 2; i++) {
        await runOutboxOnce(options);
        clock.advance(60_000);
      }
      const [dead] = await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, "desk:sms"));
      expect(dead!.status).toBe("dead");

      const desk = await listDeliveries(handle.db, staff("office"));
      const row = desk.rows.find((r) => r.id === dead!.id);
      expect(row).toMatchObject({ kind: "sms", what: "notice", status: "dead", attempts: 2 });
      expect(row!.lastError).toMatch(/Twilio 503/);
      expect(JSON.stringify(desk.rows)).not.toContain("+33612345678");
      expect(JSON.stringify(desk.rows)).not.toContain("technicien arrive");
      expect(desk.counts.dead).toBeGreaterThanOrEqual(1);
      // A provider error quoting the recipient is shown without it.
      await handle.db.update(outbox).set({ lastError: "Twilio 400: The 'To' number +33612345678 is not valid (camille@example.fr)" }).where(eq(outbox.id, dead!.id));
      const scrubbed = (await listDeliveries(handle.db, staff("office"))).rows.find((r) => r.id === dead!.id)!;
      expect(scrubbed.lastError).toMatch(/^Twilio 400/);
      expect(scrubbed.lastError).not.toMatch(/612345678|camille@/);

      await setCaptureFaults(sandbox, { sms: "ok" });
      await retryDelivery(handle.db, staff("office"), { id: dead!.id });
      // A second click on the same row: refused, nothing sent twice.
      await expect(retryDelivery(handle.db, staff("office"), { id: dead!.id })).rejects.toMatchObject({ code: "CONFLICT" });
      clock.advance(60_000);
      expect(await runOutboxOnce(options)).toMatchObject({ sent: 1 });
      clock.advance(60 * 60_000);
      expect(await runOutboxOnce(options)).toMatchObject({ claimed: 0 });
      expect(sandbox.captures!.sms.filter((m) => m.body.includes("technicien arrive"))).toHaveLength(1);

      const audit = await handle.db.select().from(staffAudit).where(eq(staffAudit.target, dead!.id));
      expect(audit).toMatchObject([{ action: "outbox.retry", staffEmail: "office@duret.test", role: "office", before: { status: "dead" }, after: { status: "pending" } }]);
    } finally {
      await sandbox.close();
    }
  });

  it("discard: admin only, a reason required, audited; the worker never sends it", async () => {
    await handle.db.transaction(async (tx) => {
      await enqueueNotification(tx, { kind: "sms", template: "notice", to: "+33612345679", locale: "fr", data: { text: "Rappel" }, idempotencyKey: "desk:discard" });
    });
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, "desk:discard"));
    await expect(discardDelivery(handle.db, staff("office"), { id: row!.id, reason: "doublon" })).rejects.toMatchObject({ userMessage: "Action réservée aux administrateurs" });
    await expect(discardDelivery(handle.db, staff("admin"), { id: row!.id, reason: "" })).rejects.toThrow();
    const [unchanged] = await handle.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(unchanged!.status).toBe("pending");

    await discardDelivery(handle.db, staff("admin"), { id: row!.id, reason: "Client joint par téléphone" }, new Date("2026-11-24T10:00:00Z"));
    const [discarded] = await handle.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(discarded).toMatchObject({ status: "discarded", discardedBy: "admin@duret.test", discardReason: "Client joint par téléphone" });
    const audit = await handle.db.select().from(staffAudit).where(eq(staffAudit.target, row!.id));
    expect(audit).toMatchObject([{ action: "outbox.discard", reason: "Client joint par téléphone", before: { status: "pending" }, after: { status: "discarded" } }]);
    await expect(discardDelivery(handle.db, staff("admin"), { id: row!.id, reason: "encore" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
