import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { generate } from "otplib";
import { axeViolations } from "./support/axe";

/**
 * The staff console end to end (desktop): the demo's staff identity (the office manager, a user of
 * the sandbox's HubSpot account) signs in with both factors — the link read from /dev/outbox like
 * the customers' e2e, the TOTP computed with otplib from the demo's fixed key (README) — sees the
 * delivery desk, and signs out.
 */
const STAFF_EMAIL = "claire.duret@duret-electricite.fr";
const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPDURETDEMOSTAFF23"; // lib/env.ts DEMO_STAFF_TOTP_SECRET

test.describe.configure({ timeout: 240_000 });

test.beforeEach(async ({ context }, testInfo) => {
  // One project signs Claire in: two at once could present the same 30-second code (refused as a replay).
  test.skip(testInfo.project.name !== "desktop", "console e2e: desktop only");
  await context.setExtraHTTPHeaders({ "x-forwarded-for": `10.7.${testInfo.workerIndex % 250}.${testInfo.retry + 1}` });
});

async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await fn().catch((error: Error) => {
      if (/Execution context was destroyed|net::ERR_ABORTED/.test(error.message)) return undefined;
      throw error;
    });
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The newest console sign-in link emailed to `email`, read on /dev/outbox as the machine itself. */
async function readConsoleLink(context: BrowserContext, email: string): Promise<string> {
  const outbox = await context.newPage();
  await outbox.setExtraHTTPHeaders({ "x-forwarded-for": "127.0.0.1" });
  try {
    return await poll(`a console link for ${email}`, async () => {
      await outbox.goto("/dev/outbox");
      const links = outbox.locator("article").filter({ hasText: email }).locator('a[href*="/console/connexion/lien?"]');
      return (await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href)))[0];
    });
  } finally {
    await outbox.close();
  }
}

async function typeCode(page: Page): Promise<string> {
  const code = await generate({ secret: DEMO_TOTP_SECRET });
  await page.getByLabel("Code à 6 chiffres").fill(code);
  await page.getByRole("button", { name: "Valider" }).click();
  return code;
}

test("staff signs in with an email link and a TOTP code, sees the delivery desk, signs out", async ({ page, context }) => {
  await page.goto("/console/connexion", { timeout: 200_000 });
  await expect(page.getByRole("heading", { name: "Console de l'équipe" })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel("Adresse e-mail HubSpot").fill(STAFF_EMAIL);
  await page.getByRole("button", { name: "Recevoir un lien de connexion" }).click();
  await expect(page.getByRole("status").filter({ hasText: "un lien vient de partir" })).toBeVisible({ timeout: 120_000 });

  await page.goto(await readConsoleLink(context, STAFF_EMAIL), { timeout: 200_000 });
  await page.getByRole("button", { name: "Continuer" }).click();
  await expect(page).toHaveURL(/\/console\/connexion\/code$/, { timeout: 120_000 });
  expect(await axeViolations(page)).toEqual([]);
  const used = await typeCode(page);
  // A code already used in this 30-second step (an earlier run on the same data) is refused once:
  // the next step's code is then typed.
  const home = page.getByRole("heading", { name: /^Bonjour / });
  const replay = page.getByText("Ce code a déjà servi");
  await expect(home.or(replay)).toBeVisible({ timeout: 120_000 });
  if (await replay.isVisible()) {
    await poll("the next TOTP step", async () => ((await generate({ secret: DEMO_TOTP_SECRET })) !== used ? true : undefined), 45_000);
    await typeCode(page);
  }
  await expect(home).toContainText("Claire Duret", { timeout: 120_000 });
  await expect(page.getByText("Claire Duret · administrateur")).toBeVisible();

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Livraisons" }).click();
  await expect(page.getByRole("heading", { name: "Livraisons", level: 1 })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole("heading", { name: "Connexion HubSpot" })).toBeVisible();
  await expect(page.getByText("Certificat de scellement")).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  // The journal holds this sign-in (written in the same transaction as the accepted code).
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Journal" }).click();
  await expect(page.getByRole("heading", { name: "Journal", level: 1 })).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole("row").filter({ hasText: "staff.sign_in" }).filter({ hasText: STAFF_EMAIL }).first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole("button", { name: "Se déconnecter", exact: true }).click();
  await expect(page).toHaveURL(/\/console\/connexion\?deconnecte=1$/, { timeout: 60_000 });
  await expect(page.getByText("Vous êtes déconnecté de la console.")).toBeVisible();
  await page.goto("/console/livraisons");
  await expect(page).toHaveURL(/\/console\/connexion$/);
});
