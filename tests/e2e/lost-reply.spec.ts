import { expect, test, type APIRequestContext } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { warmUp } from "./issue6-warmup";

/**
 * Issue 18 on a running portal. Point 9: the server commits a new conversation but its answer is
 * lost (Playwright aborts the action's response after the server has processed it); the form says
 * it could not confirm, keeps its key, and « Envoyer » again creates nothing more: one request in
 * the list, one ticket. Points 6 and 8: malformed %-escapes answer 400 (French page / JSON), and
 * page paths that look like files carry the nonce CSP.
 */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;
const CAMILLE = "camille.martin@example.fr";

async function sessionToken(request: APIRequestContext, tag: string): Promise<string> {
  const res = await request.post(`${sandboxUrl}/crm/v3/objects/contacts/search`, {
    data: { filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: CAMILLE }] }], properties: ["email"], limit: 1 },
    headers: { Authorization: `Bearer ${process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token"}` },
  });
  const id = ((await res.json()) as { results: { id: string }[] }).results[0]!.id;
  const now = Date.now();
  return encode({
    token: { sub: id, contactId: id, sessionId: `e2e-lost-${tag}-${now.toString(36)}`, signedInAt: now, channel: "email", identity: CAMILLE, locale: "fr" },
    secret: AUTH_SECRET,
    maxAge: 3600,
  });
}

test.beforeAll(async ({ playwright }, testInfo) => {
  testInfo.setTimeout(300_000);
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL! });
  await warmUp(api, `duret.session=${await sessionToken(api, "warm")}`, { pages: ["/messages", "/messages/nouveau"], apis: [] });
  await api.dispose();
});

test("malformed escapes answer 400; file-like page paths carry the nonce CSP", async ({ playwright }, testInfo) => {
  test.setTimeout(180_000);
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL! });
  const cookie = `duret.session=${await sessionToken(api, "paths")}`;
  for (const path of ["/%", "/documents/%E0%A4%A", "/avis/%zz"]) {
    const res = await api.get(path, { headers: { cookie }, maxRedirects: 0, timeout: 120_000 });
    expect(res.status(), path).toBe(400);
    expect(await res.text(), path).toContain("Adresse invalide");
    expect(res.headers()["content-security-policy"], path).toMatch(/'nonce-/);
  }
  const apiRes = await api.get("/api/live/%zz", { headers: { cookie }, maxRedirects: 0, timeout: 120_000 });
  expect(apiRes.status()).toBe(400);
  expect(await apiRes.json()).toMatchObject({ code: "BAD_REQUEST" });
  for (const path of ["/documents/x.json", "/rendez-vous.txt"]) {
    const res = await api.get(path, { headers: { cookie }, maxRedirects: 0, timeout: 120_000 });
    expect(res.status(), path).toBeLessThan(500);
    expect(res.headers()["content-security-policy"], path).toMatch(/'nonce-/);
  }
  await api.dispose();
});

test("a lost reply then « Envoyer » again: one request, one ticket", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await page.context().addCookies([{ name: "duret.session", value: await sessionToken(page.request, "form"), url: baseURL!, httpOnly: true, sameSite: "Lax" }]);
  const subject = `Perte de réponse ${Date.now().toString(36)}`;
  let lost = 0;
  await page.route("**/messages/nouveau", async (route) => {
    const request = route.request();
    if (request.method() === "POST" && request.headers()["next-action"] && lost === 0) {
      lost++;
      // The server receives and commits the action; its answer never reaches the browser.
      const response = await route.fetch();
      await response.body();
      return route.abort("failed");
    }
    return route.fallback();
  });

  await page.goto("/messages/nouveau");
  await page.getByLabel("Demande de devis").check();
  await page.getByLabel("Titre de la demande").fill(subject);
  await page.getByLabel("Votre message").fill("Bonjour, un devis pour une prise extérieure, s'il vous plaît.");
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByText("Nous n'avons pas pu confirmer l'envoi.")).toBeVisible({ timeout: 30_000 });
  expect(lost).toBe(1);
  await expect(page.getByLabel("Titre de la demande")).toHaveValue(subject);

  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page).toHaveURL(/\/messages\?envoye=1/, { timeout: 30_000 });
  // Once the outbox has made the ticket, the list links to it: once.
  const link = page.getByRole("link", { name: subject });
  await expect(async () => {
    await page.reload();
    await expect(link).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByText(subject)).toHaveCount(1);
});
