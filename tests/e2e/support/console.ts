import { expect, type BrowserContext, type Page } from "@playwright/test";
import { generate } from "otplib";

/**
 * Signing the demo's staff identity into the console, as a person would: the email link read on
 * /dev/outbox (the machine's own view of the captured emails), then the TOTP computed from the
 * demo's fixed key (README; lib/env.ts DEMO_STAFF_TOTP_SECRET).
 */
export const STAFF_EMAIL = "claire.duret@duret-electricite.fr";
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPDURETDEMOSTAFF23";

export async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
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

/** The console sign-in links emailed to `email` (newest first), read once on /dev/outbox as the machine itself. */
async function consoleLinks(outbox: Page, email: string): Promise<string[]> {
  await outbox.goto("/dev/outbox");
  const links = outbox.locator("article").filter({ hasText: email }).locator('a[href*="/console/connexion/lien?"]');
  return links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
}

/** Requests a console link for `email` with `request()`, then waits for the new one on /dev/outbox. */
export async function newConsoleLink(context: BrowserContext, email: string, request: () => Promise<void>): Promise<string> {
  const outbox = await context.newPage();
  await outbox.setExtraHTTPHeaders({ "x-forwarded-for": "127.0.0.1" });
  try {
    const before = new Set(await consoleLinks(outbox, email));
    await request();
    return await poll(`a new console link for ${email}`, async () => (await consoleLinks(outbox, email)).find((href) => !before.has(href)));
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

/** On /console/connexion: asks a link for the demo staff identity and answers it (opened, « Continuer »). */
export async function openConsoleLink(page: Page, context: BrowserContext): Promise<void> {
  const link = await newConsoleLink(context, STAFF_EMAIL, async () => {
    await page.getByLabel("Adresse e-mail HubSpot").fill(STAFF_EMAIL);
    await page.getByRole("button", { name: "Recevoir un lien de connexion" }).click();
    await expect(page.getByRole("status").filter({ hasText: "un lien vient de partir" })).toBeVisible({ timeout: 120_000 });
  });
  await page.goto(link, { timeout: 200_000 });
  await page.getByRole("button", { name: "Continuer" }).click();
  await expect(page).toHaveURL(/\/console\/connexion\/code$/, { timeout: 120_000 });
}

/** On the code page: types the current TOTP code and waits for the console's home. */
export async function enterTotp(page: Page): Promise<void> {
  const used = await typeCode(page);
  const home = page.getByRole("heading", { name: /^Bonjour / });
  // A code already used in this 30-second step (another spec's sign-in) is refused once: the next step's is typed.
  const replay = page.getByText("Ce code a déjà servi");
  await expect(home.or(replay)).toBeVisible({ timeout: 120_000 });
  if (await replay.isVisible()) {
    await poll("the next TOTP step", async () => ((await generate({ secret: DEMO_TOTP_SECRET })) !== used ? true : undefined), 45_000);
    await typeCode(page);
  }
  await expect(home).toBeVisible({ timeout: 120_000 });
}

/** Signs the demo staff identity in on `page` (both factors) and waits for the console's home. */
export async function signInStaff(page: Page, context: BrowserContext): Promise<void> {
  await page.goto("/console/connexion", { timeout: 200_000 });
  await openConsoleLink(page, context);
  await enterTotp(page);
}
