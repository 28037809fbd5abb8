import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { createEmailTransport } from "@/lib/notifications/email";
import { createSmsTransport } from "@/lib/notifications/sms";
import { enqueueNotification } from "@/lib/outbox/enqueue";
import type { Transports } from "@/lib/outbox/transports";
import { runOutboxOnce, startOutboxWorker } from "@/lib/outbox/worker";
import { createSandbox, type Sandbox } from "@/sandbox/server";
import { openTestDb } from "@/tests/support/db";
import { SANDBOX_TOKEN, TEST_SID, fakeClock, setCaptureFaults, startCaptureSandbox } from "@/tests/outbox/support";

/**
 * The promise: with SMTP or Twilio failing, messages wait in the outbox and are delivered
 * exactly once when the provider recovers. Real transports (nodemailer, twilio SDK) against the
 * sandbox's captures, the real worker against the embedded database.
 */
let handle: DbHandle;
let dir: string;
beforeAll(async () => {
  handle = await openTestDb();
  dir = await mkdtemp(path.join(tmpdir(), "duret-outbox-"));
});
afterAll(async () => {
  await handle?.close();
  await rm(dir, { recursive: true, force: true });
});

function transportsFor(sandbox: Sandbox, smtpPort: number): Transports & { close(): void } {
  const email = createEmailTransport({ smtpUrl: `smtp://127.0.0.1:${smtpPort}`, from: "Duret Électricité <espace-client@duret-electricite.fr>" });
  const sms = createSmsTransport({ accountSid: TEST_SID, authToken: SANDBOX_TOKEN, from: "+33700000000", baseUrl: `${sandbox.url}/_twilio`, timeoutMs: 2_000 });
  return { email, sms, close: () => email.close() };
}

async function enqueueBoth(prefix: string): Promise<void> {
  await handle.db.transaction(async (tx) => {
    await enqueueNotification(tx, {
      kind: "email",
      template: "sign-in-link",
      to: "camille.martin@example.fr",
      locale: "fr",
      data: { url: `http://localhost:3000/connexion/confirmer?token=${prefix}`, expiresInMinutes: 10 },
      sensitive: true,
      idempotencyKey: `${prefix}:email`,
    });
    await enqueueNotification(tx, {
      kind: "sms",
      template: "sign-in-code",
      to: "+33612345678",
      locale: "fr",
      data: { code: "246810", expiresInMinutes: 10 },
      sensitive: true,
      idempotencyKey: `${prefix}:sms`,
    });
  });
}

describe("providers failing, then recovering", () => {
  it("fault switches: messages wait, then each is delivered exactly once", async () => {
    await handle.db.delete(outbox);
    const sandbox = await startCaptureSandbox();
    const transports = transportsFor(sandbox, sandbox.smtpPort!);
    const clock = fakeClock();
    try {
      await setCaptureFaults(sandbox, { smtp: "fail", sms: "fail" });
      await enqueueBoth("faults");
      const options = { db: handle.db, transports, now: clock.now, random: () => 1, log: () => {} };

      for (let i = 0; i < 3; i++) {
        expect(await runOutboxOnce(options)).toMatchObject({ claimed: 2, retried: 2, sent: 0 });
        clock.advance(5_000 * 2 ** i); // the full backoff window (random() = 1)
      }
      let rows = await handle.db.select().from(outbox);
      expect(rows.map((r) => [r.kind, r.status, r.attempts]).sort()).toEqual([
        ["email", "pending", 3],
        ["sms", "pending", 3],
      ]);
      expect(rows.find((r) => r.kind === "email")!.lastError).toMatch(/SMTP 451/);
      expect(rows.find((r) => r.kind === "sms")!.lastError).toMatch(/Twilio 503/);
      expect(sandbox.captures!.emails).toHaveLength(0);
      expect(sandbox.captures!.sms).toHaveLength(0);

      await setCaptureFaults(sandbox, { smtp: "ok", sms: "ok" });
      clock.advance(40_000);
      expect(await runOutboxOnce(options)).toMatchObject({ claimed: 2, sent: 2 });
      clock.advance(30 * 60_000);
      expect(await runOutboxOnce(options)).toMatchObject({ claimed: 0 });

      rows = await handle.db.select().from(outbox);
      expect(rows.every((r) => r.status === "sent" && (r.payload as { redacted?: boolean }).redacted === true)).toBe(true);
      expect(sandbox.captures!.emails).toHaveLength(1);
      expect(sandbox.captures!.emails[0]!.links).toContain("http://localhost:3000/connexion/confirmer?token=faults");
      expect(sandbox.captures!.sms).toHaveLength(1);
      expect(sandbox.captures!.sms[0]!.body).toContain("246810");
    } finally {
      transports.close();
      await sandbox.close();
    }
  });

  it("capture servers down: the running worker keeps them waiting, delivers once they are back", async () => {
    await handle.db.delete(outbox);
    const first = await startCaptureSandbox(dir);
    const smtpPort = first.smtpPort!;
    const apiPort = first.port;
    await first.close();

    const down = { url: `http://127.0.0.1:${apiPort}` } as Sandbox;
    const transports = transportsFor(down, smtpPort);
    // Real time, small backoff, fast polling: the worker as instrumentation runs it.
    const worker = startOutboxWorker({ db: handle.db, transports, pollMs: 50, backoff: { baseMs: 50, capMs: 200, floorMs: 20 }, log: () => {} });
    let back: Sandbox | undefined;
    try {
      await enqueueBoth("down");
      await waitFor(async () => (await handle.db.select().from(outbox)).every((r) => r.attempts >= 2 && r.status === "pending"));

      back = await createSandbox({
        port: apiPort,
        token: SANDBOX_TOKEN,
        quiet: true,
        dataDir: dir,
        seed: () => {
          throw new Error("state was persisted");
        },
        captures: { smtpPort },
      });
      const sandbox = back;
      await waitFor(async () => (await handle.db.select().from(outbox)).every((r) => r.status === "sent"));
      // The worker stopped (its sends in flight finished): a duplicate would be in the captures now.
      await worker.stop();
      expect(sandbox.captures!.emails.filter((m) => m.links.includes("http://localhost:3000/connexion/confirmer?token=down"))).toHaveLength(1);
      expect(sandbox.captures!.sms.filter((m) => m.body.includes("246810"))).toHaveLength(1);
    } finally {
      await worker.stop();
      transports.close();
      await back?.close();
    }
  });
});

/** Polls until `check` holds (bounded by the test's own timeout, not by a guess of the machine's speed). */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
