import { expect, test } from "@playwright/test";
import { axeViolations } from "./support/axe";
import { enterTotp, openConsoleLink, STAFF_EMAIL } from "./support/console";

/**
 * The staff console end to end (desktop): the demo's staff identity (the office manager, a user of
 * the sandbox's HubSpot account) signs in with both factors — the link read from /dev/outbox like
 * the customers' e2e, the TOTP computed from the demo's fixed key (README; tests/e2e/support/console.ts) — sees the
 * delivery desk, and signs out.
 */
test.describe.configure({ timeout: 240_000 });

test.beforeEach(async ({ context }, testInfo) => {
  // One project signs Claire in: two at once could present the same 30-second code (refused as a replay).
  test.skip(testInfo.project.name !== "desktop", "console e2e: desktop only");
  await context.setExtraHTTPHeaders({ "x-forwarded-for": `10.7.${testInfo.workerIndex % 250}.${testInfo.retry + 1}` });
});

test("staff signs in with an email link and a TOTP code, sees the delivery desk, signs out", async ({ page, context }) => {
  await page.goto("/console/connexion", { timeout: 200_000 });
  await expect(page.getByRole("heading", { name: "Console de l'équipe" })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await openConsoleLink(page, context);
  expect(await axeViolations(page)).toEqual([]);
  await enterTotp(page);
  const home = page.getByRole("heading", { name: /^Bonjour / });
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
