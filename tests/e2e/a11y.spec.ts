import { expect, test, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import { createHash, randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { axeViolations } from "./support/axe";
import { AUTH_SECRET, CAMILLE, associatedIds, camilleId, openCamilleSurvey } from "./support/sandbox";

/**
 * Accessibility (WCAG 2.0, 2.1, 2.2 A and AA with Label in Name, tests/e2e/support/axe.ts) on the
 * pages no other spec scans: the booking form with a service and a day chosen, the reschedule page,
 * the manage-by-link page, an invoice, the sign-in pages, the survey, the privacy page and the 404.
 * Cookies and signed links are forged with the e2e server's AUTH_SECRET, as tests/e2e/shell.spec.ts
 * does (same derivations as lib/bookings/tokens.ts and lib/surveys/token.ts).
 */

async function signIn(page: Page, baseURL: string, contactId: string): Promise<void> {
  const now = Date.now();
  const claims = { contactId, sessionId: `e2e-a11y-${now.toString(36)}-${randomUUID().slice(0, 8)}`, signedInAt: now, channel: "email", identity: CAMILLE, locale: "fr" };
  const token = await encode({ token: { sub: contactId, ...claims }, secret: AUTH_SECRET, maxAge: 3600 });
  await page.context().addCookies([{ name: "duret.session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

/** The scan of the page as the customer reads it (streamed sections in), reported, then required empty. */
async function expectNoViolation(page: Page, name: string): Promise<void> {
  await expect(page.locator('[aria-hidden="true"].animate-pulse, [aria-hidden="true"] .animate-pulse')).toHaveCount(0, { timeout: 60_000 });
  await expect(page).toHaveTitle(/\S/);
  const violations = await axeViolations(page);
  const nodes = violations.reduce((sum, line) => sum + line.slice(line.indexOf(": ") + 2).split(", ").length, 0);
  console.log(`[a11y] ${test.info().project.name} ${name}: ${violations.length} rule(s), ${nodes} node(s)${violations.length ? `\n  ${violations.join("\n  ")}` : ""}`);
  // Soft: a flow goes on to its next pages, so one run measures them all.
  expect.soft(violations, name).toEqual([]);
}

test("booking: the form with a day chosen, the confirmation, the reschedule page and the manage link", async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const contactId = await camilleId(page.request);
  await signIn(page, baseURL!, contactId);
  await page.goto("/rendez-vous/nouveau?service=entretien", { timeout: 120_000 });
  const days = page.getByRole("group", { name: "Jours disponibles" }).getByRole("button");
  await expect(days.first()).toBeVisible({ timeout: 60_000 });
  // Not the first days offered, which may start within the 24 h change limit.
  await days.nth(3).click();
  await expect(days.nth(3)).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("group", { name: /Heures disponibles le/ }).getByRole("button").first().click();
  await expect(page.getByText(/Créneau choisi :/)).toBeVisible();
  await expectNoViolation(page, "/rendez-vous/nouveau?service=entretien");

  await page.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
  await expect(page).toHaveURL(/\/rendez-vous\/[0-9a-f-]{36}\?confirme=1/, { timeout: 60_000 });
  const bookingId = /\/rendez-vous\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.goto(`/rendez-vous/${bookingId}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoViolation(page, "/rendez-vous/[id]");

  await page.goto(`/rendez-vous/${bookingId}/deplacer`, { timeout: 120_000 });
  await expect(page.getByRole("group", { name: "Jours disponibles" }).getByRole("button").first()).toBeVisible({ timeout: 60_000 });
  await expectNoViolation(page, "/rendez-vous/[id]/deplacer");

  const iat = Math.floor(Date.now() / 1000);
  const manage = await new SignJWT({ cid: contactId })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(bookingId)
    .setAudience("duret:booking-manage")
    .setIssuer("duret-portal")
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(createHash("sha256").update(`booking-manage-link:${AUTH_SECRET}`).digest());
  await page.context().clearCookies();
  await page.goto(`/rdv/${manage}`, { timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1, name: "Gérer mon rendez-vous" })).toBeVisible();
  await expectNoViolation(page, "/rdv/[token]");
});

test("documents: an invoice and a quote", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const contactId = await camilleId(page.request);
  await signIn(page, baseURL!, contactId);
  const [invoiceId] = await associatedIds(page.request, contactId, "invoices");
  await page.goto(`/documents/factures/${invoiceId}`, { timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 60_000 });
  await expectNoViolation(page, "/documents/factures/[id]");
  const [quoteId] = await associatedIds(page.request, contactId, "quotes");
  await page.goto(`/documents/devis/${quoteId}`, { timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 60_000 });
  await expectNoViolation(page, "/documents/devis/[id]");
});

test("the survey of a finished intervention, from its signed link", async ({ page }) => {
  test.setTimeout(180_000);
  await openCamilleSurvey(page);
  await expectNoViolation(page, "/avis/[token]");
});

for (const path of ["/connexion", "/connexion/code", "/connexion/lien", "/confidentialite"]) {
  test(`public page ${path}`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto(path, { timeout: 120_000 });
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoViolation(page, `${path} (→ ${new URL(page.url()).pathname})`);
  });
}

test("the 404 page", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  // Signed out, an unknown path leads to sign-in (proxy.ts): the 404 is met signed in.
  await signIn(page, baseURL!, await camilleId(page.request));
  expect((await page.goto("/page-qui-n-existe-pas", { timeout: 120_000 }))?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoViolation(page, "404");
});

// The pages other specs scan along their flows, scanned here too so one run measures every page.
for (const path of ["/", "/rendez-vous", "/rendez-vous/nouveau", "/interventions", "/interventions/[id]", "/documents", "/messages", "/messages/nouveau", "/messages/[id]", "/compte"]) {
  test(`signed-in page ${path}`, async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    const contactId = await camilleId(page.request);
    await signIn(page, baseURL!, contactId);
    let target = path;
    if (path === "/interventions/[id]") target = `/interventions/${(await associatedIds(page.request, contactId, "tickets"))[0]}`;
    if (path === "/messages/[id]") {
      // A conversation the list links to.
      await page.goto("/messages", { timeout: 120_000 });
      target = (await page.locator('main a[href^="/messages/"]:not([href="/messages/nouveau"])').first().getAttribute("href"))!;
    }
    const res = await page.goto(target, { timeout: 120_000 });
    expect(res?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 60_000 });
    await expectNoViolation(page, path);
  });
}
