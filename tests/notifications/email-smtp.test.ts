import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailTransport, messageIdFor, type EmailTransport } from "@/lib/notifications/email";
import { isPermanentDeliveryError } from "@/lib/notifications/errors";
import { renderNotification } from "@/lib/notifications/templates";
import type { Sandbox } from "@/sandbox/server";
import { setCaptureFaults, startCaptureSandbox } from "@/tests/outbox/support";
import { TEST_COMPANY as COMPANY } from "../support/company";

let sandbox: Sandbox;
let transport: EmailTransport;
const FROM = "Duret Électricité <espace-client@duret-electricite.fr>";

beforeAll(async () => {
  sandbox = await startCaptureSandbox();
  transport = createEmailTransport({ smtpUrl: `smtp://127.0.0.1:${sandbox.smtpPort}`, from: FROM });
});
afterAll(async () => {
  transport?.close();
  await sandbox?.close();
});

describe("email through nodemailer to the SMTP capture", () => {
  it("arrives parsed: recipient, subject, text with clickable links, HTML, stable Message-ID", async () => {
    const url = "http://localhost:3000/connexion/confirmer?token=round-trip";
    const r = renderNotification({ kind: "email", template: "sign-in-link", to: "camille.martin@example.fr", locale: "fr", data: { url, expiresInMinutes: 10 }, sensitive: true }, COMPANY);
    if (r.kind !== "email") throw new Error("email expected");
    const sent = await transport.send({ to: "camille.martin@example.fr", subject: r.subject, html: r.html, text: r.text, idempotencyKey: "sign-in:abc" });
    expect(sent.providerId).toBe(messageIdFor("sign-in:abc", FROM));
    expect(sent.providerId).toMatch(/^<[0-9a-f]{40}\.outbox@duret-electricite\.fr>$/);

    const res = await fetch(`${sandbox.url}/_sandbox/captures?limit=5`);
    const body = (await res.json()) as { emails: { to: string[]; from: string; subject: string; text: string; html: string; links: string[]; messageId: string }[] };
    const mail = body.emails[0]!;
    expect(mail.to).toEqual(["camille.martin@example.fr"]);
    expect(mail.from).toBe("espace-client@duret-electricite.fr");
    expect(mail.subject).toBe("Votre lien de connexion à l'espace client Duret Électricité");
    expect(mail.text).toContain("Ce lien est valable 10 minutes");
    expect(mail.links).toContain(url);
    expect(mail.html).toContain('lang="fr"');
    expect(mail.messageId).toBe(sent.providerId);
  });

  it("the same idempotency key always gives the same Message-ID; another key another one", () => {
    expect(messageIdFor("k", FROM)).toBe(messageIdFor("k", FROM));
    expect(messageIdFor("k", FROM)).not.toBe(messageIdFor("k2", FROM));
  });

  it("a 451 from the server (fault) is a retryable failure, and sending works again after", async () => {
    await setCaptureFaults(sandbox, { smtp: "fail" });
    const before = sandbox.captures!.emails.length;
    const attempt = transport.send({ to: "a@example.fr", subject: "s", html: "<p>h</p>", text: "t", idempotencyKey: "fault-1" });
    await expect(attempt).rejects.toThrow(/SMTP 451/);
    await attempt.catch((e: unknown) => expect(isPermanentDeliveryError(e)).toBe(false));
    expect(sandbox.captures!.emails.length).toBe(before);
    await setCaptureFaults(sandbox, { smtp: "ok" });
    await transport.send({ to: "a@example.fr", subject: "s", html: "<p>h</p>", text: "t", idempotencyKey: "fault-1" });
    expect(sandbox.captures!.emails.length).toBe(before + 1);
  });

  it("a server that is down is a retryable failure, not a crash", async () => {
    const down = createEmailTransport({ smtpUrl: "smtp://127.0.0.1:1", from: FROM });
    try {
      const attempt = down.send({ to: "a@example.fr", subject: "s", html: "h", text: "t", idempotencyKey: "down" });
      await expect(attempt).rejects.toThrow(/SMTP/);
      await attempt.catch((e: unknown) => expect(isPermanentDeliveryError(e)).toBe(false));
    } finally {
      down.close();
    }
  });
});
