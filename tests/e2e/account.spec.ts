import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { readFileSync } from "node:fs";
import { encode } from "next-auth/jwt";
import { axeViolations } from "./support/axe";

/**
 * Compte in Chromium: edit details (a new email confirmed by the code sent to it), add an
 * address, export the data (progress, then a ZIP of this customer only), erase the account (code
 * by SMS → signed out, old cookie refused, sign-in blocked, the sandbox received the GDPR delete).
 * Every test works on a throw-away contact created in the sandbox, never on the demo customers
 * other specs read. Codes are read from the sandbox's SMTP/Twilio captures.
 */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const sandboxToken = process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token";
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;

type Contact = { id: string; email: string; phone: string; lastName: string };

let seq = 0;
/** A new contact in the sandbox, unique per test run (email and French mobile). */
async function throwAwayContact(request: APIRequestContext, testName: string): Promise<Contact> {
  const n = `${Date.now().toString(36)}${(seq++).toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const digits = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
  const contact = { email: `e2e.${testName}.${n}@example.org`, phone: `+336${digits}`, lastName: `Essai${n.slice(-5)}` };
  const res = await request.post(`${sandboxUrl}/crm/v3/objects/contacts`, {
    headers: { Authorization: `Bearer ${sandboxToken}` },
    data: { properties: { firstname: "Dominique", lastname: contact.lastName, email: contact.email, phone: contact.phone, address: "8 rue de la Paix", zip: "69002", city: "Lyon" } },
  });
  expect(res.status(), "create throw-away contact").toBe(201);
  return { id: ((await res.json()) as { id: string }).id, ...contact };
}

async function sessionToken(contactId: string, identity: string, signedInAt = Date.now()): Promise<string> {
  const claims = { contactId, sessionId: `e2e-account-${signedInAt.toString(36)}-${Math.random().toString(36).slice(2, 10)}`, signedInAt, channel: "email", identity, locale: "fr" };
  return encode({ token: { sub: contactId, ...claims }, secret: AUTH_SECRET, maxAge: 3600 });
}

async function signIn(context: BrowserContext, baseURL: string, contact: Contact): Promise<string> {
  const token = await sessionToken(contact.id, contact.email);
  await context.addCookies([{ name: "duret.session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  return token;
}

async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

type Captures = { emails: { to: string[]; subject: string; text: string }[]; sms: { to: string; body: string }[] };
async function captures(request: APIRequestContext): Promise<Captures> {
  const res = await request.get(`${sandboxUrl}/_sandbox/captures?limit=200`);
  expect(res.ok()).toBe(true);
  return (await res.json()) as Captures;
}
const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)?.[1];

async function contactProps(request: APIRequestContext, id: string): Promise<Record<string, string | null> | null> {
  const res = await request.get(`${sandboxUrl}/crm/v3/objects/contacts/${id}?properties=email,lastname,phone,address,zip,city`, { headers: { Authorization: `Bearer ${sandboxToken}` } });
  if (res.status() === 404) return null;
  return ((await res.json()) as { properties: Record<string, string | null> }).properties;
}

async function openAccount(page: Page): Promise<void> {
  await page.goto("/compte");
  await expect(page.getByRole("heading", { level: 1, name: "Compte" })).toBeVisible();
}

test.beforeAll(async ({ playwright }, testInfo) => {
  // A cold `next dev` compiles routes on first visit: warm the pages this spec opens.
  testInfo.setTimeout(240_000);
  const baseURL = testInfo.project.use.baseURL!;
  const api = await playwright.request.newContext({ baseURL });
  const warm = await throwAwayContact(api, "warm");
  const token = await sessionToken(warm.id, warm.email);
  for (const path of ["/compte", "/confidentialite", "/confidentialite/suppression", "/interventions", "/rendez-vous", "/connexion", "/connexion/code", "/api/auth/csrf", "/api/auth/providers"]) {
    // Sign-in pages send a signed-in visitor home: warm them signed out.
    const headers: Record<string, string> = path.startsWith("/connexion") ? {} : { cookie: `duret.session=${token}` };
    const res = await api.get(path, { headers, timeout: 120_000, maxRedirects: 0 });
    expect([200, 302, 307], `warm-up ${path}`).toContain(res.status());
  }
  await api.dispose();
});

test("edit details: the name is saved, a new email is used only once the code sent to it is typed", async ({ page, context, baseURL }) => {
  // Its save and confirm actions and the outbox's first contact write run cold the first time (CI: the
  // mobile project comes first and this test hit 60 s there, 9.6 s on desktop afterwards).
  test.setTimeout(150_000);
  const me = await throwAwayContact(page.request, "details");
  await signIn(context, baseURL!, me);
  await openAccount(page);
  const details = page.getByRole("region", { name: "Vos coordonnées" });
  await expect(details.getByLabel("E-mail")).toHaveValue(me.email);

  // Bad input: a French message, nothing sent.
  await details.getByLabel("Téléphone mobile").fill("12");
  await details.getByRole("button", { name: "Enregistrer" }).click();
  await expect(details.getByText(/Ce numéro n'est pas valide/)).toBeVisible();
  await details.getByLabel("Téléphone mobile").fill(me.phone);

  await details.getByLabel(/^Nom/).fill("Martin-Essai");
  const newEmail = `nouveau.${me.email}`;
  await details.getByLabel("E-mail").fill(newEmail);
  await details.getByRole("button", { name: "Enregistrer" }).click();
  await expect(details.getByRole("status").filter({ hasText: "Modifications enregistrées." })).toBeVisible();
  await expect(details.getByText(`Nous envoyons un code à ${newEmail}`)).toBeVisible();

  // The name reaches HubSpot; the email does not, until confirmed.
  await poll("the new last name in HubSpot", async () => ((await contactProps(page.request, me.id))?.lastname === "Martin-Essai" ? true : undefined));
  expect((await contactProps(page.request, me.id))?.email).toBe(me.email);

  const code = await poll("the code email", async () => {
    const mail = (await captures(page.request)).emails.find((m) => m.to.includes(newEmail));
    return mail ? codeIn(mail.subject) : undefined;
  });
  await details.getByLabel("Code à 6 chiffres").fill(code);
  // The notice naming the (long) new address wraps: the page never gets wider than the phone (it once
  // did, by a few pixels, and the fixed bottom bar then covered the button).
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.visualViewport!.width)).toBeLessThanOrEqual(0);
  await details.getByRole("button", { name: "Confirmer" }).click();
  await expect(details.getByText("Nouvelle adresse e-mail confirmée")).toBeVisible();
  await poll("the new email in HubSpot", async () => ((await contactProps(page.request, me.id))?.email === newEmail ? true : undefined));

  // The confirmation refreshes the page: its <title> comes back with the streamed metadata (axe once ran in between).
  await expect(page).toHaveTitle(/\S/);
  expect(await axeViolations(page)).toEqual([]);
});

test("add an address: listed at once, can become the main address (mirrored to HubSpot)", async ({ page, context, baseURL }) => {
  const me = await throwAwayContact(page.request, "address");
  await signIn(context, baseURL!, me);
  await openAccount(page);
  const section = page.getByRole("region", { name: "Vos adresses" });
  await expect(section.getByText("8 rue de la Paix, 69002 Lyon")).toBeVisible(); // imported from HubSpot

  await section.getByRole("button", { name: "Ajouter une adresse" }).click();
  await section.getByLabel("Nom de l'adresse (facultatif)").fill("Maison de campagne");
  await section.getByLabel("Numéro et rue").fill("3 chemin des Vignes");
  await section.getByLabel("Code postal").fill("123");
  await section.getByLabel("Ville").fill("Vourles");
  await section.getByRole("button", { name: "Ajouter une adresse" }).click();
  await expect(section.getByText("Le code postal comporte 5 chiffres")).toBeVisible();
  await section.getByLabel("Code postal").fill("69390");
  await section.getByRole("button", { name: "Ajouter une adresse" }).click();
  await expect(section.getByRole("status").filter({ hasText: "Adresse ajoutée." })).toBeVisible();
  const item = section.getByRole("listitem").filter({ hasText: "Maison de campagne" });
  await expect(item).toContainText("3 chemin des Vignes, 69390 Vourles");

  await item.getByRole("button", { name: "En faire l'adresse principale" }).click();
  await expect(section.getByRole("listitem").filter({ hasText: "Maison de campagne" })).toContainText("Adresse principale");
  await poll("the main address in HubSpot", async () => ((await contactProps(page.request, me.id))?.address === "3 chemin des Vignes" ? true : undefined));

  // With two addresses, the interventions list can be filtered by address (a GET form).
  await page.goto("/interventions");
  await page.getByLabel("Adresse").selectOption({ label: "Maison de campagne — 3 chemin des Vignes, 69390 Vourles" });
  await page.getByRole("button", { name: "Filtrer" }).click();
  await page.waitForURL(/\/interventions\?adresse=/);
  await expect(page.getByRole("heading", { level: 1, name: "Interventions" })).toBeVisible();
  await page.goto("/rendez-vous");
  await page.getByLabel("Adresse").selectOption({ label: "Maison de campagne — 3 chemin des Vignes, 69390 Vourles" });
  await page.getByRole("button", { name: "Filtrer" }).click();
  await page.waitForURL(/\/rendez-vous\?adresse=/);
  await expect(page.getByRole("heading", { level: 1, name: "Rendez-vous" })).toBeVisible();
});

test("export: progress, then a ZIP with this customer's data only", async ({ page, context, baseURL }) => {
  const me = await throwAwayContact(page.request, "export");
  const other = await throwAwayContact(page.request, "export-other");
  await signIn(context, baseURL!, me);
  await openAccount(page);
  const section = page.getByRole("region", { name: "Vos données personnelles" });
  await section.getByRole("button", { name: "Télécharger mes données" }).click();
  await expect(section.getByText(/Préparation de votre archive/)).toBeVisible();
  const link = section.getByRole("link", { name: "Télécharger l'archive (ZIP)" });
  await expect(link).toBeVisible({ timeout: 45_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^mes-donnees-.*\.zip$/);
  const entries = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  expect(Object.keys(entries)).toEqual(expect.arrayContaining(["donnees.json", "LISEZMOI.txt"]));
  const data = strFromU8(entries["donnees.json"]!);
  expect(JSON.parse(data).contactId).toBe(me.id);
  expect(data).toContain(me.email);
  expect(data).not.toContain(other.email);
  expect(data).not.toContain(other.lastName);

  // Another customer cannot download it.
  const url = new URL((await link.getAttribute("href"))!, baseURL).toString();
  const otherToken = await sessionToken(other.id, other.email);
  const res = await page.request.fetch(url, { headers: { cookie: `duret.session=${otherToken}` }, maxRedirects: 0 });
  expect(res.status()).toBe(404);
  expect(res.headers()["cache-control"]).toContain("no-store");
});

test("erase: code by SMS, signed out everywhere, old cookie refused, sign-in blocked, HubSpot GDPR delete", async ({ page, context, baseURL }) => {
  test.setTimeout(150_000);
  const me = await throwAwayContact(page.request, "erase");
  const token = await signIn(context, baseURL!, me);
  await openAccount(page);
  const section = page.getByRole("region", { name: "Supprimer mon compte" });
  await expect(section.getByText("Vos factures")).toBeVisible();
  await expect(section.getByText(/article L123-22/)).toBeVisible();
  await section.getByLabel("Par SMS").check();
  await section.getByRole("button", { name: "Recevoir le code" }).click();
  await expect(section.getByText(/Nous envoyons un code à •+\d\d/)).toBeVisible();
  const code = await poll("the erasure SMS", async () => {
    const sms = (await captures(page.request)).sms.find((m) => m.to === me.phone && /suppression/.test(m.body));
    return sms ? codeIn(sms.body) : undefined;
  });
  await section.getByLabel("Code à 6 chiffres").fill(code);
  await section.getByRole("button", { name: "Supprimer définitivement mon compte" }).click();
  await page.waitForURL("**/confidentialite/suppression");
  await expect(page.getByRole("heading", { level: 1, name: "Votre compte a été supprimé" })).toBeVisible();
  await expect(page.getByText(/10 ans à compter de leur date/)).toBeVisible();

  // The sandbox received the GDPR delete.
  await poll("the GDPR delete", async () => {
    const res = await page.request.get(`${sandboxUrl}/_sandbox/gdpr-deletions`);
    const { results } = (await res.json()) as { results: { objectId: string }[] };
    return results.some((d) => d.objectId === me.id) ? true : undefined;
  });

  // The old session cookie is refused.
  await context.addCookies([{ name: "duret.session", value: token, url: baseURL!, httpOnly: true, sameSite: "Lax" }]);
  await page.goto("/compte");
  await page.waitForURL(/\/connexion/);

  // Sign-in with the erased number fails (and creates no new contact).
  await context.clearCookies();
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(me.phone);
  await page.getByRole("button", { name: "Recevoir mon lien ou mon code" }).click();
  await page.waitForURL("**/connexion/code");
  const signInCode = await poll("the sign-in SMS", async () => {
    const sms = (await captures(page.request)).sms.find((m) => m.to === me.phone && /connexion/.test(m.body));
    return sms ? codeIn(sms.body) : undefined;
  });
  await page.getByLabel("Code reçu par SMS").fill(signInCode);
  await page.getByRole("button", { name: "Valider le code" }).click();
  // The first sign-in of a cold `next dev` compiles the auth callback route: allow for it.
  await expect(page.getByText("La connexion à cet espace client n'est pas possible")).toBeVisible({ timeout: 60_000 });
});

test("the privacy page is public, in plain French, linked from the footer; English when chosen", async ({ page, context }) => {
  await page.goto("/connexion");
  // No cookie needing consent: only session/security cookies (none yet for a visitor who did nothing).
  const names = (await context.cookies()).map((c) => c.name.replace(/^__Host-/, ""));
  expect(names.filter((n) => !["duret.session", "duret.csrf", "duret.callback", "duret.signin-attempt", "locale"].includes(n))).toEqual([]);
  await page.getByRole("contentinfo").getByRole("link", { name: "Confidentialité et données personnelles" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Vos données personnelles" })).toBeVisible();
  for (const h of ["Ce que nous conservons", "Cookies", "Vos droits", "Nous contacter"]) await expect(page.getByRole("heading", { name: h })).toBeVisible();
  // After a client-side navigation the new <title> arrives with the page's streamed metadata: axe
  // once it is there (once, on a loaded machine, axe ran in between and found no <title>).
  await expect(page).toHaveTitle(/^Vos données personnelles/);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole("contentinfo").getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Your personal data" })).toBeVisible();
});
