import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { encode } from "next-auth/jwt";
import { signInStaff } from "./support/console";

/**
 * The console changes what customers get, at once (issue 17, « Done when »): the demo's staff
 * identity signs in with both factors, then
 * 1. gives a technician a day off → a customer's times for that day no longer offer him;
 * 2. adds a service → a customer books it;
 * 3. changes the company's insurer → the next invoice PDF prints the new one.
 * Desktop only (one staff sign-in per run: two projects would present the same 30-second code).
 * The other instance's view of a change is tested on PostgreSQL (tests/db/settings-instances.test.ts).
 */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const sandboxToken = process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token";
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;
const ANTOINE = "antoine.girard@example.com";
const CAMILLE = "camille.martin@example.fr";
const SAVED = { timeout: 120_000 };

test.describe.configure({ mode: "serial", timeout: 300_000 });

async function hubspot<T>(request: APIRequestContext, method: "GET" | "POST", path: string, data?: unknown): Promise<T> {
  const res = await request.fetch(`${sandboxUrl}${path}`, { method, data, headers: { Authorization: `Bearer ${sandboxToken}` } });
  expect(res.status(), `${method} ${path}`).toBe(200);
  return (await res.json()) as T;
}

async function contactId(request: APIRequestContext, email: string): Promise<string> {
  const found = await hubspot<{ results: { id: string }[] }>(request, "POST", "/crm/v3/objects/contacts/search", {
    filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }],
    limit: 1,
  });
  return found.results[0]!.id;
}

/** A customer's session cookie, forged with the e2e server's AUTH_SECRET (as the other specs do). */
async function customerPage(browser: Browser, baseURL: string, email: string): Promise<{ page: Page; context: BrowserContext; id: string }> {
  const context = await browser.newContext({ baseURL, locale: "fr-FR", timezoneId: "Europe/Paris" });
  const page = await context.newPage();
  const id = await contactId(page.request, email);
  const now = Date.now();
  const token = await encode({
    token: { sub: id, contactId: id, sessionId: `e2e-console-${now.toString(36)}-${randomUUID().slice(0, 8)}`, signedInAt: now, channel: "email", identity: email, locale: "fr" },
    secret: AUTH_SECRET,
    maxAge: 3600,
  });
  await context.addCookies([{ name: "duret.session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
  return { page, context, id };
}

/** The Paris date of an instant, "YYYY-MM-DD". */
function parisDate(iso: string): string {
  return new Date(iso).toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });
}

/** The starts offered « avec <name> » on each day of the customer's booking page for `service`. */
async function startsWith(page: Page, service: string, name: string): Promise<Map<string, string[]>> {
  await page.goto(`/rendez-vous/nouveau?service=${service}`, { timeout: 180_000 });
  const days = page.getByRole("group", { name: "Jours disponibles" }).getByRole("button");
  await expect(days.first()).toBeVisible({ timeout: 120_000 });
  const byDay = new Map<string, string[]>();
  const count = Math.min(await days.count(), 8);
  for (let i = 0; i < count; i++) {
    await days.nth(i).click();
    await expect(days.nth(i)).toHaveAttribute("aria-pressed", "true");
    const times = page.getByRole("group", { name: /Heures disponibles le/ }).getByRole("button");
    await expect(times.first()).toBeVisible();
    const starts = await times.filter({ hasText: `avec ${name}` }).evaluateAll((bs) => bs.map((b) => b.getAttribute("data-slot") ?? ""));
    const first = (await times.first().getAttribute("data-slot"))!;
    byDay.set(parisDate(first), starts);
  }
  return byDay;
}

let staff: { page: Page; context: BrowserContext };

test.beforeAll(async ({ browser }, testInfo) => {
  if (testInfo.project.name !== "desktop") return;
  const baseURL = testInfo.project.use.baseURL!;
  const context = await browser.newContext({ baseURL, locale: "fr-FR", timezoneId: "Europe/Paris", extraHTTPHeaders: { "x-forwarded-for": "10.17.0.1" } });
  const page = await context.newPage();
  await signInStaff(page, context);
  staff = { page, context };
});

test.afterAll(async () => {
  await staff?.context.close();
});

test.skip(({ isMobile }) => isMobile, "console e2e: desktop only");

test("a day off given in the console: the customer's times for that day no longer offer that technician", async ({ browser, baseURL }) => {
  const customer = await customerPage(browser, baseURL!, ANTOINE);
  const before = await startsWith(customer.page, "depannage", "Julien");
  const day = [...before.entries()].find(([, starts]) => starts.length > 0)?.[0];
  expect(day, "Julien is offered on one of the first days").toBeTruthy();

  const { page } = staff;
  await page.goto("/console/reglages/techniciens", { timeout: 180_000 });
  await page.getByRole("button", { name: "Modifier Julien" }).click();
  await page.getByLabel("Ajouter un jour de congé").fill(day!);
  await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  // Bookings already on that day (other specs' customers) are listed first; they stay booked.
  const saved = page.getByRole("status").filter({ hasText: "Enregistré" });
  const confirm = page.getByRole("button", { name: /Enregistrer quand même/ });
  await expect(saved.or(confirm)).toBeVisible(SAVED);
  if (await confirm.isVisible()) await confirm.click();
  await expect(saved).toBeVisible(SAVED);

  const after = await startsWith(customer.page, "depannage", "Julien");
  expect(after.get(day!) ?? [], `no time « avec Julien » on ${day}`).toEqual([]);
  await customer.context.close();
});

test("a service added in the console is offered to customers and booked", async ({ browser, baseURL }) => {
  const label = `Pose de prises ${randomUUID().slice(0, 6)}`;
  const { page } = staff;
  await page.goto("/console/reglages/prestations", { timeout: 180_000 });
  await page.getByRole("button", { name: "Ajouter une prestation" }).click();
  const editor = page.getByRole("group", { name: "Nouvelle prestation" });
  const editorId = (await editor.getAttribute("id"))!;
  const form = page.locator(`[id="${editorId}"]`);
  await form.getByLabel("Libellé", { exact: true }).fill(label);
  await form.getByLabel("Description", { exact: true }).fill("Ajout de prises de courant dans une pièce, avec leur circuit.");
  await form.getByLabel("Libellé anglais").fill("Socket installation");
  await form.getByLabel("Description anglaise").fill("New power sockets in a room, with their circuit.");
  await form.getByLabel("Durée (minutes)").fill("60");
  await form.getByLabel("Type d'intervention enregistré dans HubSpot").selectOption("depannage");
  await form.getByRole("checkbox", { name: "Dépannage électrique" }).check();
  await form.getByRole("radio", { name: /Réservable en ligne/ }).check();
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Enregistré" })).toBeVisible(SAVED);

  const customer = await customerPage(browser, baseURL!, ANTOINE);
  const p = customer.page;
  await p.goto("/rendez-vous/nouveau", { timeout: 180_000 });
  await p.getByRole("link", { name: `Choisir : ${label}` }).click();
  await expect(p.getByRole("heading", { name: new RegExp(label) })).toBeVisible({ timeout: 60_000 });
  const days = p.getByRole("group", { name: "Jours disponibles" }).getByRole("button");
  await expect(days.first()).toBeVisible({ timeout: 120_000 });
  await days.nth(Math.min(5, (await days.count()) - 1)).click();
  await p.getByRole("group", { name: /Heures disponibles le/ }).getByRole("button").last().click();
  await expect(p.getByText(/Créneau choisi :/)).toBeVisible();
  await p.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
  await expect(p.getByRole("heading", { level: 1, name: "Rendez-vous confirmé" })).toBeVisible({ timeout: 60_000 });
  await expect(p.getByText(label).first()).toBeVisible();
  await customer.context.close();
});

test("the company's insurer changed in the console is printed on the next invoice PDF", async ({ browser, baseURL }, testInfo) => {
  const insurer = `Assurances du Rhône ${randomUUID().slice(0, 6)}`;
  const { page } = staff;
  await page.goto("/console/reglages/entreprise", { timeout: 180_000 });
  await page.getByLabel("Assureur").fill(insurer);
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Enregistré" })).toBeVisible(SAVED);

  const customer = await customerPage(browser, baseURL!, CAMILLE);
  const links = await hubspot<{ results: { toObjectId: string | number }[] }>(customer.page.request, "GET", `/crm/v4/objects/contacts/${customer.id}/associations/invoices`);
  const invoiceId = String(links.results[0]!.toObjectId);
  const res = await customer.page.request.get(`/api/documents/factures/${invoiceId}/pdf`, { timeout: 120_000 });
  expect(res.status()).toBe(200);
  const file = testInfo.outputPath("facture.pdf");
  writeFileSync(file, await res.body());
  let text: string;
  try {
    text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  } catch {
    test.skip(!process.env.REQUIRE_POPPLER, "pdftotext (poppler-utils) is not installed");
    throw new Error("pdftotext is required (REQUIRE_POPPLER)");
  }
  expect(text.replace(/\s+/g, " ")).toContain(insurer);
  await customer.context.close();
});
