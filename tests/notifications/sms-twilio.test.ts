import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPermanentDeliveryError } from "@/lib/notifications/errors";
import { createSmsTransport, type SmsTransport } from "@/lib/notifications/sms";
import type { Sandbox } from "@/sandbox/server";
import { SANDBOX_TOKEN, TEST_SID, setCaptureFaults, startCaptureSandbox } from "@/tests/outbox/support";

let sandbox: Sandbox;
let transport: SmsTransport;

beforeAll(async () => {
  sandbox = await startCaptureSandbox();
  transport = createSmsTransport({ accountSid: TEST_SID, authToken: SANDBOX_TOKEN, from: "+33700000000", baseUrl: `${sandbox.url}/_twilio` });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("SMS through the twilio SDK to the sandbox's fake Twilio", () => {
  it("is captured with Twilio's answer shape (SM… sid)", async () => {
    const sent = await transport.send({ to: "+33612345678", body: "Duret Électricité : votre code de connexion est 123456. Il expire dans 10 minutes.", idempotencyKey: "sms-1" });
    expect(sent.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    const res = await fetch(`${sandbox.url}/_sandbox/captures`);
    const body = (await res.json()) as { sms: { sid: string; to: string; from: string; body: string }[] };
    expect(body.sms[0]).toMatchObject({ sid: sent.providerId, to: "+33612345678", from: "+33700000000", body: "Duret Électricité : votre code de connexion est 123456. Il expire dans 10 minutes." });
  });

  it("sends the idempotency key: the same key twice is one SMS", async () => {
    const before = sandbox.captures!.sms.length;
    const a = await transport.send({ to: "+33611111111", body: "un", idempotencyKey: "sms-same" });
    const b = await transport.send({ to: "+33611111111", body: "un", idempotencyKey: "sms-same" });
    expect(b.providerId).toBe(a.providerId);
    expect(sandbox.captures!.sms.length).toBe(before + 1);
  });

  it("finds a message already accepted (used before retrying after a lost answer)", async () => {
    const sent = await transport.send({ to: "+33622222222", body: "deux", idempotencyKey: "sms-dup" });
    expect(await transport.findRecentDuplicate({ to: "+33622222222", body: "deux", idempotencyKey: "other" }, new Date(Date.now() - 60_000))).toBe(sent.providerId);
    expect(await transport.findRecentDuplicate({ to: "+33622222222", body: "autre", idempotencyKey: "other" }, new Date(Date.now() - 60_000))).toBeUndefined();
  });

  it("checks Basic auth: a wrong token is refused (and retried later, not dead-lettered)", async () => {
    const wrong = createSmsTransport({ accountSid: TEST_SID, authToken: "wrong-token", from: "+33700000000", baseUrl: `${sandbox.url}/_twilio` });
    const attempt = wrong.send({ to: "+33612345678", body: "x", idempotencyKey: "auth" });
    await expect(attempt).rejects.toThrow(/Twilio 401/);
    await attempt.catch((e: unknown) => expect(isPermanentDeliveryError(e)).toBe(false));
  });

  it("an invalid number is a permanent failure; an outage is a retryable one", async () => {
    const invalid = transport.send({ to: "+0", body: "x", idempotencyKey: "bad-number" });
    await expect(invalid).rejects.toThrow(/Twilio 400 21211/);
    await invalid.catch((e: unknown) => expect(isPermanentDeliveryError(e)).toBe(true));

    await setCaptureFaults(sandbox, { sms: "fail" });
    const outage = transport.send({ to: "+33612345678", body: "x", idempotencyKey: "outage" });
    await expect(outage).rejects.toThrow(/Twilio 503/);
    await outage.catch((e: unknown) => expect(isPermanentDeliveryError(e)).toBe(false));
    await setCaptureFaults(sandbox, { sms: "ok" });
  });
});
