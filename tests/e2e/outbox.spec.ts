import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { expect, test } from "@playwright/test";

/**
 * /dev/outbox in the demo: what the sandbox's SMTP capture and fake Twilio received is listed,
 * newest first, with the sign-in link clickable. Messages are sent here the way the portal's
 * worker sends them (SMTP through nodemailer, Twilio's Messages API), with unique contents.
 */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const token = process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token";
const SID = "AC00000000000000000000000000000000";

test("the page lists a captured email with its clickable link, and a captured SMS", async ({ page, request }) => {
  const unique = randomUUID().slice(0, 8);
  const link = `http://localhost/connexion/confirmer?token=e2e-${unique}`;

  const captures = await request.get(`${sandboxUrl}/_sandbox/captures?limit=1`);
  expect(captures.ok()).toBe(true);
  const { smtpPort } = (await captures.json()) as { smtpPort: number };
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true });
  await transport.sendMail({
    from: "Duret Électricité <espace-client@duret-electricite.fr>",
    to: "camille.martin@example.fr",
    subject: `Votre lien de connexion ${unique}`,
    text: `Bonjour,\n\n${link}\n\nCe lien est valable 10 minutes.`,
  });
  transport.close();

  const sms = await request.post(`${sandboxUrl}/_twilio/2010-04-01/Accounts/${SID}/Messages.json`, {
    headers: { Authorization: `Basic ${Buffer.from(`${SID}:${token}`).toString("base64")}` },
    form: { To: "+33612345678", From: "+33700000000", Body: `Duret Électricité : votre code de connexion est ${unique.replace(/\D/g, "").padEnd(6, "7").slice(0, 6)}.` },
  });
  expect(sms.status()).toBe(201);

  const response = await page.goto("/dev/outbox");
  expect(response?.status()).toBe(200);
  expect(response?.headers()["cache-control"]).toContain("no-store");
  await expect(page.getByRole("heading", { level: 1, name: "Boîte d'envoi de démonstration" })).toBeVisible();

  const mail = page.getByRole("article", { name: `Votre lien de connexion ${unique}` });
  await expect(mail).toBeVisible();
  await expect(mail.getByText("camille.martin@example.fr")).toBeVisible();
  await expect(mail.getByRole("link", { name: link })).toHaveAttribute("href", link);

  const smsSection = page.getByRole("region", { name: /SMS/ });
  await expect(smsSection.getByText(/votre code de connexion est/).first()).toBeVisible();

  // Newest first: our email is the first one listed.
  await expect(page.getByRole("region", { name: /E-mails/ }).getByRole("article").first()).toHaveAccessibleName(`Votre lien de connexion ${unique}`);
});

test("refreshes on its own: a message sent while the page is open appears", async ({ page, request }) => {
  await page.goto("/dev/outbox");
  await expect(page.getByRole("checkbox", { name: /Actualisation automatique/ })).toBeChecked();
  const unique = randomUUID().slice(0, 8);
  const sms = await request.post(`${sandboxUrl}/_twilio/2010-04-01/Accounts/${SID}/Messages.json`, {
    headers: { Authorization: `Basic ${Buffer.from(`${SID}:${token}`).toString("base64")}` },
    form: { To: "+33612345678", From: "+33700000000", Body: `Message ${unique}` },
  });
  expect(sms.status()).toBe(201);
  await expect(page.getByText(`Message ${unique}`)).toBeVisible({ timeout: 10_000 });
});
