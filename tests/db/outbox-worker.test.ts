import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { PermanentDeliveryError } from "@/lib/notifications/errors";
import { listOutbox, pruneSentOutbox, retryDead } from "@/lib/outbox/admin";
import { retryDelayMs } from "@/lib/outbox/backoff";
import { enqueueHubSpotWrite, enqueueNotification } from "@/lib/outbox/enqueue";
import { registerHubSpotWrite, unregisterHubSpotWrite } from "@/lib/outbox/handlers";
import { claimDue, runOutboxOnce, type WorkerOptions } from "@/lib/outbox/worker";
import { openTestDb } from "@/tests/support/db";
import { FakeTransports, fakeClock } from "@/tests/outbox/support";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(async () => {
  await handle.db.delete(outbox);
});

const code = (key: string, extra: { code?: string } = {}) =>
  ({
    kind: "sms",
    template: "sign-in-code",
    to: "+33612345678",
    locale: "fr",
    data: { code: extra.code ?? "482916", expiresInMinutes: 10 },
    sensitive: true,
    idempotencyKey: key,
  }) as const;
const reply = (key: string) =>
  ({ kind: "email", template: "service-reply", to: "antoine.girard@example.fr", locale: "fr", data: { subject: "Prise qui chauffe", url: "https://portail.example.fr/messages/1" }, idempotencyKey: key }) as const;

async function rowOf(key: string) {
  const [row] = await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));
  return row!;
}

function worker(fake: FakeTransports, clock: ReturnType<typeof fakeClock>, extra: Partial<WorkerOptions> = {}): WorkerOptions {
  return { db: handle.db, transports: fake.transports, now: clock.now, random: () => 1, log: () => {}, ...extra };
}

describe("outbox worker", () => {
  it("delivers a sign-in code once, records the provider id and redacts the payload", async () => {
    const fake = new FakeTransports();
    const clock = fakeClock();
    await enqueueNotification(handle.db, code("k1"));
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 1, sent: 1 });
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 0 });
    expect(fake.sms).toHaveLength(1);
    expect(fake.sms[0]!.body).toBe("Duret Électricité : votre code de connexion est 482916. Il expire dans 10 minutes.");
    expect(fake.sms[0]!.idempotencyKey).toBe("k1");
    const row = await rowOf("k1");
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, result: { providerId: fake.sms[0]!.sid } });
    expect(row.payload).toEqual({ template: "sign-in-code", locale: "fr", sensitive: true, redacted: true });
    expect(JSON.stringify(row)).not.toContain("482916");
  });

  it("brings forward the rows that backed off during an outage once a retried row goes through, and only then", async () => {
    const fake = new FakeTransports();
    const clock = fakeClock();
    fake.failWith = new Error("SMTP 421: service not available");
    await enqueueNotification(handle.db, reply("outage-a"));
    await enqueueNotification(handle.db, reply("outage-b"));
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 2, retried: 2 });
    // "a" drew a long backoff (as late attempts do, up to the 30-min cap); "b" is due again soon.
    const far = new Date(clock.now().getTime() + 25 * 60_000);
    await handle.db.update(outbox).set({ nextAttemptAt: far }).where(eq(outbox.idempotencyKey, "outage-a"));
    fake.failWith = undefined; // the provider is back
    clock.advance(5_000);
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 1, sent: 1 });
    const a = await rowOf("outage-a");
    expect(a.status).toBe("pending");
    expect(a.nextAttemptAt.getTime()).toBeLessThanOrEqual(clock.now().getTime() + 10_000);
    clock.advance(10_000);
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 1, sent: 1 });
    expect(fake.emails.map((m) => m.idempotencyKey).sort()).toEqual(["outage-a", "outage-b"]);

    // A first-attempt success says nothing about a failing provider: a backed-off row stays where it is.
    fake.failWith = new Error("SMTP 421: service not available");
    await enqueueNotification(handle.db, reply("steady-c"));
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 1, retried: 1 });
    const later = new Date(clock.now().getTime() + 25 * 60_000);
    await handle.db.update(outbox).set({ nextAttemptAt: later }).where(eq(outbox.idempotencyKey, "steady-c"));
    fake.failWith = undefined;
    await enqueueNotification(handle.db, reply("steady-d"));
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 1, sent: 1 });
    expect((await rowOf("steady-c")).nextAttemptAt.getTime()).toBe(later.getTime());
  });

  it("retries with exponential backoff, then dead-letters after max attempts without leaking the code", async () => {
    const fake = new FakeTransports();
    fake.failWith = new Error("Twilio 503: outage while sending 482916");
    const clock = fakeClock();
    await enqueueNotification(handle.db, code("k2"));
    await handle.db.update(outbox).set({ maxAttempts: 4 }).where(eq(outbox.idempotencyKey, "k2"));

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 1, retried: 1 });
      const row = await rowOf("k2");
      expect(row.status).toBe("pending");
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toContain("outage");
      expect(row.lastError).not.toContain("482916");
      const delay = row.nextAttemptAt.getTime() - clock.now().getTime();
      delays.push(delay);
      // Not due before its time.
      clock.advance(delay - 1);
      expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 0 });
      clock.advance(1);
    }
    // random() = 1 → the full window: 5 s, 10 s, 20 s.
    expect(delays).toEqual([5_000, 10_000, 20_000]);

    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 1, dead: 1 });
    const dead = await rowOf("k2");
    expect(dead).toMatchObject({ status: "dead", attempts: 4 });
    expect(dead.payload).toMatchObject({ redacted: true });
    expect(fake.sms).toHaveLength(0);
    expect(await listOutbox({ status: "dead", limit: 10 }, handle.db)).toEqual([expect.objectContaining({ id: dead.id, what: "sign-in-code", redacted: true })]);
    // A dead sign-in code cannot be sent again: it was redacted (the customer asks for a new one).
    expect(await retryDead(dead.id, handle.db)).toEqual({ ok: false, reason: "redacted" });
  });

  it("full jitter stays within [floor, min(cap, base·2^(n-1))]", () => {
    expect(retryDelayMs(1, undefined, () => 0)).toBe(250);
    expect(retryDelayMs(3, undefined, () => 0.5)).toBe(10_000);
    expect(retryDelayMs(30, undefined, () => 0.999999)).toBeLessThanOrEqual(30 * 60_000);
    expect(retryDelayMs(30, undefined, () => 0.999999)).toBeGreaterThan(29 * 60_000);
  });

  it("dead-letters at once on a permanent error, and an operator can retry a non-sensitive row", async () => {
    const fake = new FakeTransports();
    fake.failWith = new PermanentDeliveryError("SMTP 550: mailbox unavailable");
    const clock = fakeClock();
    await enqueueNotification(handle.db, reply("k3"));
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ dead: 1 });
    const dead = await rowOf("k3");
    expect(dead).toMatchObject({ status: "dead", attempts: 1, lastError: "PermanentDeliveryError: SMTP 550: mailbox unavailable" });

    fake.failWith = undefined;
    expect(await retryDead(dead.id, handle.db)).toEqual({ ok: true });
    expect(await retryDead(dead.id, handle.db)).toEqual({ ok: false, reason: "not_dead" });
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ sent: 1 });
    expect(fake.emails).toHaveLength(1);
    expect(fake.emails[0]!.subject).toBe("Nouvelle réponse à votre demande : Prise qui chauffe");
  });

  it("does not send a sign-in code that expired while it waited", async () => {
    const fake = new FakeTransports();
    const clock = fakeClock();
    await enqueueNotification(handle.db, code("k4"));
    clock.advance(11 * 60_000);
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ dead: 1 });
    expect(await rowOf("k4")).toMatchObject({ status: "dead", lastError: "Expired before it could be delivered", payload: { redacted: true } });
    expect(fake.sms).toHaveLength(0);
  });

  it("takes back a crashed worker's row when its lease expires, and fences the late worker out", async () => {
    const fake = new FakeTransports();
    const clock = fakeClock();
    await enqueueNotification(handle.db, reply("k5"));
    // Worker A claims and "crashes" (never reports).
    const [claimed] = await claimDue(handle.db, { now: clock.now(), leaseMs: 60_000, limit: 10 });
    expect(claimed).toMatchObject({ status: "sending", attempts: 1 });
    expect(await runOutboxOnce(worker(fake, clock, { leaseMs: 60_000 }))).toMatchObject({ claimed: 0 });
    clock.advance(60_001);
    expect(await runOutboxOnce(worker(fake, clock, { leaseMs: 60_000 }))).toMatchObject({ claimed: 1, sent: 1 });
    expect(await rowOf("k5")).toMatchObject({ status: "sent", attempts: 2 });
    // Worker A's late outcome (attempt 1) cannot overwrite it.
    const late = await handle.db
      .update(outbox)
      .set({ status: "pending" })
      .where(eq(outbox.attempts, 1))
      .returning();
    expect(late).toHaveLength(0);
  });

  it("on a retried SMS, records a message Twilio already accepted instead of sending it twice", async () => {
    const fake = new FakeTransports();
    const clock = fakeClock();
    await enqueueNotification(handle.db, code("k6", { code: "777111" }));
    // Attempt 1 reached Twilio but the answer was lost (timeout): the lease expires.
    await claimDue(handle.db, { now: clock.now(), leaseMs: 1_000, limit: 10 });
    await fake.transports.sms.send({ to: "+33612345678", body: "Duret Électricité : votre code de connexion est 777111. Il expire dans 10 minutes.", idempotencyKey: "k6" });
    clock.advance(1_001);
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ sent: 1 });
    expect(fake.sms).toHaveLength(1);
    expect(await rowOf("k6")).toMatchObject({ status: "sent", result: { providerId: fake.sms[0]!.sid, duplicateOf: true } });
  });

  it("delivers HubSpot writes through registered, idempotent handlers", async () => {
    const fake = new FakeTransports();
    const clock = fakeClock();
    const applied = new Map<string, unknown>();
    let failures = 1;
    registerHubSpotWrite("test.note", async (args, ctx) => {
      if (failures-- > 0) throw new Error("HubSpot 503");
      if (!applied.has(ctx.idempotencyKey)) applied.set(ctx.idempotencyKey, args);
      return { noteId: "9001", attempt: ctx.attempt };
    });
    try {
      await enqueueHubSpotWrite(handle.db, { operation: "test.note", args: { body: "Bonjour" }, idempotencyKey: "k7", contactId: "101" });
      await enqueueHubSpotWrite(handle.db, { operation: "test.unknown", args: {}, idempotencyKey: "k8" });
      expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ claimed: 2, retried: 2 });
      expect((await rowOf("k8")).lastError).toContain('No handler registered for HubSpot write "test.unknown"');
      clock.advance(5_000);
      await runOutboxOnce(worker(fake, clock));
      expect(await rowOf("k7")).toMatchObject({ status: "sent", result: { hubspot: { noteId: "9001", attempt: 2 } } });
      expect([...applied.values()]).toEqual([{ body: "Bonjour" }]);
    } finally {
      unregisterHubSpotWrite("test.note");
    }
  });

  it("dead-letters at once a sealed payload that cannot be opened (AUTH_SECRET rotated, tampering)", async () => {
    const fake = new FakeTransports();
    const clock = fakeClock();
    await enqueueNotification(handle.db, code("k9"));
    const row = await rowOf("k9");
    const payload = row.payload as { sealed: string };
    const parts = payload.sealed.split(".");
    await handle.db
      .update(outbox)
      .set({ payload: { ...payload, sealed: [parts[0], parts[1], parts[2], Buffer.alloc(16).toString("base64url")].join(".") } })
      .where(eq(outbox.id, row.id));
    expect(await runOutboxOnce(worker(fake, clock))).toMatchObject({ dead: 1 });
    expect(await rowOf("k9")).toMatchObject({ status: "dead", attempts: 1, payload: { redacted: true } });
    expect((await rowOf("k9")).lastError).toContain("cannot be opened");
    expect(fake.sms).toHaveLength(0);
  });

  it("prunes sent rows past their retention, never pending or dead ones", async () => {
    const fake = new FakeTransports();
    const clock = fakeClock();
    await enqueueNotification(handle.db, reply("p1"));
    await enqueueNotification(handle.db, reply("p2"));
    await runOutboxOnce(worker(fake, clock, { batchSize: 1 }));
    await handle.db.update(outbox).set({ status: "dead" }).where(eq(outbox.status, "pending"));
    expect(await pruneSentOutbox(handle.db, { before: new Date(Date.now() - 60_000) })).toBe(0);
    expect(await pruneSentOutbox(handle.db, { before: new Date(clock.now().getTime() + 1) })).toBe(1);
    expect((await handle.db.select().from(outbox)).map((r) => r.status)).toEqual(["dead"]);
  });
});
