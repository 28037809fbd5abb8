import { expect, test, type APIRequestContext } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { axeViolations } from "./support/axe";
import sharp from "sharp";
import { warmUp } from "./issue6-warmup";

/**
 * A conversation round trip in Chromium: the customer starts a quote request with a photo (upload
 * progress, type checked from the bytes), it becomes a service-desk ticket with a note in the
 * sandbox, staff reply through the sandbox's control endpoint, the reply appears in the open
 * thread without reload, and the customer is notified once (one email, one SMS).
 */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;
const CAMILLE = { email: "camille.martin@example.fr", phone: "+33612345678" };

async function contactId(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post(`${sandboxUrl}/crm/v3/objects/contacts/search`, {
    data: { filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }], properties: ["email"], limit: 1 },
    headers: { Authorization: `Bearer ${process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token"}` },
  });
  return ((await res.json()) as { results: { id: string }[] }).results[0]!.id;
}

async function captures(request: APIRequestContext): Promise<{ emails: { to: string[]; subject: string }[]; sms: { to: string; body: string }[] }> {
  return (await (await request.get(`${sandboxUrl}/_sandbox/captures?limit=500`)).json()) as never;
}

test.beforeAll(async ({ playwright }, testInfo) => {
  testInfo.setTimeout(300_000);
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL! });
  const id = await contactId(api, CAMILLE.email);
  const now = Date.now();
  const token = await encode({
    token: { sub: id, contactId: id, sessionId: `e2e-messages-warm-${now}`, signedInAt: now, channel: "email", identity: CAMILLE.email, locale: "fr" },
    secret: AUTH_SECRET,
    maxAge: 3600,
  });
  await warmUp(api, `duret.session=${token}`, {
    pages: ["/messages", "/messages/nouveau", "/messages/1"],
    apis: ["/api/messages/1", "/api/messages/uploads", "/api/live", "/api/webhooks/hubspot"],
  });
  await api.dispose();
});

test("customer message → ticket and note → staff reply visible live, notified once", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const id = await contactId(page.request, CAMILLE.email);
  const now = Date.now();
  const token = await encode({
    token: { sub: id, contactId: id, sessionId: `e2e-messages-${now}`, signedInAt: now, channel: "email", identity: CAMILLE.email, locale: "fr" },
    secret: AUTH_SECRET,
    maxAge: 3600,
  });
  await page.context().addCookies([{ name: "duret.session", value: token, url: baseURL!, httpOnly: true, sameSite: "Lax" }]);
  const subject = `Devis tableau ${now.toString(36)}`;

  await page.goto("/messages/nouveau");
  await expect(page.getByLabel("Titre de la demande")).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel("Demande de devis").check();
  await page.getByLabel("Titre de la demande").fill(subject);
  await page.getByLabel("Votre message").fill("Bonjour, pouvez-vous me faire un devis pour remplacer mon tableau électrique ?");

  // A renamed executable is refused with its reason; a real photo uploads with a progress bar.
  const picker = page.getByLabel(/Photos ou PDF/);
  await picker.setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.concat([Buffer.from("7f454c46020101", "hex"), Buffer.alloc(4096)]) });
  await expect(page.getByRole("alert").filter({ hasText: "n'est pas accepté" })).toBeVisible();
  await page.getByRole("button", { name: "Retirer photo.jpg" }).click();
  const jpeg = await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#2d6a9f" } })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "2/1 21/1 0/1" } })
    .toBuffer();
  await picker.setInputFiles({ name: "tableau.jpg", mimeType: "image/jpeg", buffer: jpeg });
  await expect(page.getByText("Fichier prêt")).toBeVisible();
  await page.getByRole("button", { name: "Envoyer" }).click();

  // Committed locally and listed at once; then the outbox creates the ticket and the list links to it.
  await expect(page).toHaveURL(/\/messages\?envoye=1/, { timeout: 15_000 });
  // Said at once, in the words of its state: recorded, on its way to the team (not « envoyé »).
  await expect(page.getByRole("status").filter({ hasText: "Demande enregistrée : elle est en cours de transmission à notre équipe." })).toBeVisible();
  const link = page.getByRole("link", { name: subject });
  await expect(async () => {
    await page.reload();
    await expect(link).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const href = await link.getAttribute("href");
  const ticketId = /\/messages\/(\d+)/.exec(href ?? "")![1]!;
  await link.click();
  // Another page: rendered by `next dev` and its client code loaded on first use (12 to 16 s on the
  // shared 2-core machine): waited for until it is there, then the in-page expectations.
  await expect(page).toHaveURL(new RegExp(`/messages/${ticketId}$`), { timeout: 30_000 });
  await expect(page.getByTestId("customer-message").filter({ hasText: "remplacer mon tableau" })).toBeVisible();
  // The attachment by its name and size, with its thumbnail (not « Pièce jointe 1 »).
  const attachment = page.getByRole("link", { name: /^tableau.*\.jpe?g ?\(\d+(,\d)? [KM]o\)$/ });
  await expect(attachment).toBeVisible();
  await expect(attachment.locator("img")).toHaveAttribute("src", /\?taille=vignette$/);

  const before = await captures(page.request);
  const reply = await page.request.post(`${sandboxUrl}/_sandbox/tickets/${ticketId}/reply`, { data: { body: "Bonjour, un technicien passera jeudi pour le devis." } });
  expect(reply.status()).toBe(201);
  await expect(page.getByTestId("staff-message").filter({ hasText: "passera jeudi" })).toBeVisible({ timeout: 20_000 });

  await expect
    .poll(async () => {
      const now = await captures(page.request);
      return {
        emails: now.emails.filter((e) => e.to.includes(CAMILLE.email) && e.subject.includes(subject)).length - before.emails.filter((e) => e.subject.includes(subject)).length,
        sms: now.sms.filter((s) => s.to === CAMILLE.phone && /r[ée]pondu/.test(s.body)).length - before.sms.filter((s) => s.to === CAMILLE.phone && /r[ée]pondu/.test(s.body)).length,
      };
    }, { timeout: 20_000 })
    .toEqual({ emails: 1, sms: 1 });
  expect(await axeViolations(page)).toEqual([]);
  await page.reload();
  await page.waitForTimeout(2_000);
  const after = await captures(page.request);
  expect(after.emails.filter((e) => e.subject.includes(subject))).toHaveLength(1);
});
