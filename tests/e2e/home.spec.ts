import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";

/** The home page's surroundings: signed-out arrival, the démo banner, not-found, health endpoints. */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const sandboxToken = process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token";
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;

// A cold `next dev` compiles each route on its first visit (seconds on 2 cores): compile the
// sign-in page once before the tests, so they time what customers see.
test.beforeAll(async ({ request }, testInfo) => {
  testInfo.setTimeout(240_000);
  await request.get("/connexion", { timeout: 120_000 });
});

test("signed out, the home page sends to sign-in in French, under the démo banner", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/connexion\?retour=%2F$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("note", { name: "Mode démo" })).toHaveText("Démo : données fictives, HubSpot simulé en local");
});

test("an unknown page is a French not-found inside the customer's shell, with the way back", async ({ page, request, baseURL }) => {
  const search = await request.post(`${sandboxUrl}/crm/v3/objects/contacts/search`, {
    headers: { Authorization: `Bearer ${sandboxToken}` },
    data: { filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: "antoine.girard@example.com" }] }], limit: 1 },
  });
  const contactId = ((await search.json()) as { results: { id: string }[] }).results[0]!.id;
  const now = Date.now();
  const claims = { contactId, sessionId: `e2e-home-${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`, signedInAt: now, channel: "email", identity: "antoine.girard@example.com", locale: "fr" };
  const token = await encode({ token: { sub: contactId, ...claims }, secret: AUTH_SECRET, maxAge: 3600 });
  await page.context().addCookies([{ name: "duret.session", value: token, url: baseURL!, httpOnly: true, sameSite: "Lax" }]);

  await page.goto("/cette-page-n-existe-pas");
  await expect(page.getByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Navigation principale" })).toBeAttached();
  await expect(page.getByRole("note", { name: "Mode démo" })).toBeVisible();
  // `next dev` reloads a not-found page whenever some route finishes compiling (it might exist
  // now), which can swallow a click while other tests compile: retry the click, not the outcome.
  // Click again only when the click was lost (this page, no navigation under way): a navigation
  // that is merely slow (the progress bar is on, or the dashboard is already there) is waited for.
  const back = page.getByRole("link", { name: "Retour au tableau de bord" });
  const progress = page.getByTestId("navigation-progress");
  await expect(async () => {
    if ((await back.count()) > 0 && (await progress.getAttribute("data-pending", { timeout: 5_000 })) !== "true") await back.click({ timeout: 5_000 });
    await expect(page.getByRole("heading", { level: 1, name: "Tableau de bord" })).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page).toHaveURL(/\/$/);
});

test("health and readiness endpoints answer without internals", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await request.get("/api/ready");
  expect(ready.status()).toBe(200);
  expect(ready.headers()["cache-control"]).toContain("no-store");
  expect(await ready.json()).toEqual({ status: "ready", database: "ok", hubspot: "ok" });
});
