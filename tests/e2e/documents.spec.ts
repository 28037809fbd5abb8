import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { axeViolations } from "./support/axe";
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { encode } from "next-auth/jwt";
import { PNG } from "pngjs";

/**
 * Documents in Chromium: a customer opens a quote, ticks "Bon pour accord", draws their signature
 * on the canvas, confirms with the SMS code read from /dev/outbox, and downloads the signed PDF
 * (sealed: pdfsig says valid when Poppler is installed); then downloads an invoice. The quote is
 * created in the sandbox for this run and project, so nothing else depends on its state.
 */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const sandboxToken = process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token";
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;
const CAMILLE = { email: "camille.martin@example.fr", e164: "+33612345678" };

type Obj = { id: string; properties: Record<string, string | null> };

async function hubspot<T>(request: APIRequestContext, method: "GET" | "POST" | "PATCH", path: string, data?: unknown): Promise<T> {
  const res = await request.fetch(`${sandboxUrl}${path}`, { method, data, headers: { Authorization: `Bearer ${sandboxToken}` } });
  expect([200, 201], `${method} ${path}`).toContain(res.status());
  return (await res.json()) as T;
}

async function contactByEmail(request: APIRequestContext, email: string): Promise<Obj> {
  const search = await hubspot<{ results: Obj[] }>(request, "POST", "/crm/v3/objects/contacts/search", {
    filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: email }] }],
    properties: ["email", "firstname", "lastname"],
    limit: 1,
  });
  return search.results[0]!;
}

const assoc = (id: string, typeId: number) => ({ to: { id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: typeId }] });

/** A fresh quote to sign for this contact: deal + quote + two lines, as Sage would publish it. */
async function createQuote(request: APIRequestContext, contactId: string, number: string): Promise<string> {
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const deal = await hubspot<Obj>(request, "POST", "/crm/v3/objects/deals", { properties: { dealname: `Devis ${number}`, sage_quote_number: number }, associations: [assoc(contactId, 3)] });
  const quote = await hubspot<Obj>(request, "POST", "/crm/v3/objects/quotes", {
    properties: {
      hs_title: `Devis ${number} — Remplacement du tableau électrique`,
      hs_status: "APPROVAL_NOT_NEEDED",
      hs_expiration_date: expires,
      hs_currency: "EUR",
      sage_quote_number: number,
      hs_quote_number: number,
      sage_total_ht: "1000",
      sage_total_tva: "100",
      sage_total_ttc: "1100",
      hs_quote_amount: "1100",
      customer_is_consumer: "true",
      portal_signature_status: "pending",
    },
    associations: [assoc(contactId, 69), assoc(deal.id, 64)],
  });
  for (const [i, [name, price]] of [
    ["Tableau électrique pré-équipé 13 modules", "800"],
    ["Main-d'œuvre et mise en service", "200"],
  ].entries()) {
    await hubspot<Obj>(request, "POST", "/crm/v3/objects/line_items", {
      properties: { name, quantity: "1", price, amount: price, sage_vat_rate: "10", hs_position_on_quote: String(i) },
      associations: [assoc(quote.id, 68)],
    });
  }
  return quote.id;
}

async function signIn(context: BrowserContext, baseURL: string, contactId: string, identity: string): Promise<void> {
  const now = Date.now();
  const claims = { contactId, sessionId: `e2e-docs-${now.toString(36)}-${Math.random().toString(36).slice(2, 10)}`, signedInAt: now, channel: "email", identity, locale: "fr" };
  const token = await encode({ token: { sub: contactId, ...claims }, secret: AUTH_SECRET, maxAge: 3600 });
  await context.addCookies([{ name: "duret.session", value: token, url: baseURL, httpOnly: true, sameSite: "Lax" }]);
}

async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The signing code texted for this quote, read on /dev/outbox like the customer's phone. */
async function readSigningCode(context: BrowserContext, e164: string, number: string): Promise<string> {
  const outbox = await context.newPage();
  try {
    return await poll(`a signing code for ${number}`, async () => {
      await outbox.goto("/dev/outbox");
      for (const text of await outbox.locator("li").filter({ hasText: `À ${e164}` }).allInnerTexts()) {
        const code = new RegExp(`code (\\d{6}) pour signer le devis ${number}`).exec(text)?.[1];
        if (code) return code;
      }
      return undefined;
    });
  } finally {
    await outbox.close();
  }
}

async function drawSignature(page: Page): Promise<void> {
  const canvas = page.getByTestId("signature-canvas");
  // Centered: on a phone the fixed tab bar covers the bottom of the viewport.
  await canvas.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height * 0.7);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + 20 + i * (box.width - 40) / 20, box.y + box.height * (0.7 - 0.4 * Math.sin((i / 20) * Math.PI)), { steps: 2 });
  await page.mouse.up();
}

function hasBinary(name: string): boolean {
  try {
    execFileSync("which", [name], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

test.describe.configure({ timeout: 240_000 });

// A cold `next dev` compiles each route on its first visit and reloads the pages open meanwhile:
// request every route of this spec once over HTTP (no browser to disturb) before the tests.
test.beforeAll(async ({ playwright }, testInfo) => {
  testInfo.setTimeout(300_000);
  const baseURL = testInfo.project.use.baseURL!;
  const api = await playwright.request.newContext({ baseURL });
  const camille = await contactByEmail(api, CAMILLE.email);
  const now = Date.now();
  const token = await encode({
    token: { sub: camille.id, contactId: camille.id, sessionId: `e2e-docs-warm-${now.toString(36)}`, signedInAt: now, channel: "email", identity: CAMILLE.email, locale: "fr" },
    secret: AUTH_SECRET,
    maxAge: 3600,
  });
  const ids = async (type: string) =>
    (await hubspot<{ results: { toObjectId: string | number }[] }>(api, "GET", `/crm/v4/objects/contacts/${camille.id}/associations/${type}`)).results.map((r) => String(r.toObjectId));
  const [quoteId] = await ids("quotes");
  const [invoiceId] = await ids("invoices");
  for (const path of ["/documents", `/documents/devis/${quoteId}`, `/documents/factures/${invoiceId}`, `/api/documents/devis/${quoteId}/pdf`, `/api/documents/factures/${invoiceId}/pdf`, "/dev/outbox"]) {
    const res = await api.get(path, { headers: { cookie: `duret.session=${token}` }, timeout: 200_000, maxRedirects: 0 });
    expect(res.status(), `warm-up ${path}`).toBeLessThan(400);
    await res.body();
  }
  await api.dispose();
});

test("a customer signs a quote by drawing, with the SMS code, and downloads the signed PDF and an invoice", async ({ page, context, baseURL }, testInfo) => {
  const camille = await contactByEmail(page.request, CAMILLE.email);
  const number = `DE-E2E-${testInfo.project.name.toUpperCase()}-${Date.now().toString(36).toUpperCase()}`;
  const quoteId = await createQuote(page.request, camille.id, number);
  await signIn(context, baseURL!, camille.id, CAMILLE.email);

  // The new quote reaches the portal through the deal's creation webhook (quotes have none); on a
  // loaded machine the page may be served before that webhook is processed: reload until it shows.
  await expect(async () => {
    await page.goto("/documents?onglet=devis", { timeout: 120_000 });
    await expect(page.getByRole("heading", { level: 1, name: "Documents" })).toBeVisible();
    await expect(page.getByRole("link", { name: new RegExp(number) })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 120_000 });
  await page.getByRole("link", { name: new RegExp(number) }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Devis n° ${number}` })).toBeVisible({ timeout: 60_000 });

  expect(await axeViolations(page)).toEqual([]);

  // Without consent nothing is sent.
  await drawSignature(page);
  await page.getByRole("button", { name: "Recevoir mon code de signature" }).click();
  await expect(page.getByText("Cochez la case « Bon pour accord » pour signer.")).toBeVisible();

  await page.getByRole("checkbox", { name: new RegExp(`Bon pour accord : j'accepte le devis n° ${number}`) }).check();
  await page.getByRole("button", { name: "Recevoir mon code de signature" }).click();
  await expect(page.getByText(/Nous vous envoyons un code par SMS au \+33 6 •• •• 56 78/)).toBeVisible({ timeout: 30_000 });

  const code = await readSigningCode(context, CAMILLE.e164, number);
  const wrong = code === "000000" ? "111111" : "000000";
  await page.getByLabel("Code reçu (6 chiffres)").fill(wrong);
  await page.getByRole("button", { name: "Signer le devis" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Code incorrect. Il vous reste 4 essais." })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Code reçu (6 chiffres)").fill(code);
  await page.getByRole("button", { name: "Signer le devis" }).dblclick();
  await expect(page.getByText("Merci ! Votre devis est signé.").first()).toBeVisible({ timeout: 60_000 });
  // The page then comes back as the signed quote (the form is gone) and the thanks stays on it.
  await expect(page).toHaveURL(/\?signe=1$/);
  await expect(page.getByRole("region", { name: "Devis signé (PDF scellé)" })).toBeVisible();
  await expect(page.getByText("Merci ! Votre devis est signé.").first()).toBeVisible();

  // The page now shows the signed quote; the sealed PDF downloads at once.
  await page.reload();
  await expect(page.getByText("Signé", { exact: true }).first()).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Télécharger le devis signé" }).click()]);
  expect(download.suggestedFilename()).toBe(`Devis-${number}-signe.pdf`);
  const signed = readFileSync((await download.path())!);
  expect(signed.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(signed.toString("latin1")).toContain("/ETSI.CAdES.detached");
  if (hasBinary("pdfsig")) {
    const file = testInfo.outputPath("signed.pdf");
    await download.saveAs(file);
    const out = execFileSync("pdfsig", [file], { encoding: "utf8" });
    expect(out).toContain("Signature is Valid.");
    expect(out).toContain("Total document signed");
  }

  // One signature, even after the double click: HubSpot gets it through the outbox.
  await poll("HubSpot to record the signature", async () => {
    const q = await hubspot<Obj>(page.request, "GET", `/crm/v3/objects/quotes/${quoteId}?properties=portal_signature_status,portal_signed_file_id`);
    return q.properties.portal_signature_status === "signed" && q.properties.portal_signed_file_id ? true : undefined;
  });

  // An invoice, from the invoices tab.
  await page.goto("/documents?onglet=factures");
  const invoiceLink = page.getByRole("link", { name: /^Télécharger le PDF de la Facture / }).first();
  const label = (await invoiceLink.innerText()).replace("Télécharger le PDF de la Facture ", "").trim();
  const [invoice] = await Promise.all([page.waitForEvent("download"), invoiceLink.click()]);
  expect(invoice.suggestedFilename()).toBe(`Facture-${label}.pdf`);
  const bytes = readFileSync((await invoice.path())!);
  expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
});

test("another customer's quote and invoice PDFs answer 404 without a hint", async ({ page, context, baseURL }) => {
  const camille = await contactByEmail(page.request, CAMILLE.email);
  const antoine = await contactByEmail(page.request, "antoine.girard@example.com");
  const quotes = await hubspot<{ results: { toObjectId: string | number }[] }>(page.request, "GET", `/crm/v4/objects/contacts/${camille.id}/associations/quotes`);
  const quoteId = String(quotes.results[0]!.toObjectId);
  // The owner gets it inline (framable by the portal only, for the preview) or as a download.
  await signIn(context, baseURL!, camille.id, CAMILLE.email);
  const inline = await page.request.get(`/api/documents/devis/${quoteId}/pdf`, { timeout: 120_000 });
  expect(inline.status()).toBe(200);
  expect(inline.headers()["content-type"]).toBe("application/pdf");
  expect(inline.headers()["content-disposition"]).toMatch(/^inline; filename="Devis-[^"]+\.pdf"; filename\*=UTF-8''/);
  expect(inline.headers()["x-frame-options"]).toBe("SAMEORIGIN");
  expect(inline.headers()["cache-control"]).toContain("no-store");
  const attachment = await page.request.get(`/api/documents/devis/${quoteId}/pdf?telecharger=1`);
  expect(attachment.headers()["content-disposition"]).toMatch(/^attachment; /);
  await context.clearCookies();

  await signIn(context, baseURL!, antoine.id, "antoine.girard@example.com");
  const res = await page.request.get(`/api/documents/devis/${quoteId}/pdf`);
  expect(res.status()).toBe(404);
  expect(res.headers()["cache-control"]).toContain("no-store");
  expect(await res.text()).not.toContain("%PDF");
  // The page streams (status already sent): it shows the not-found page, with nothing of the quote.
  await page.goto(`/documents/devis/${quoteId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("Bon pour accord")).toHaveCount(0);
});

test("a customer opens an overdue invoice and sees how to pay it: amount, IBAN, reference and a QR code that decodes to them", async ({ page, context, baseURL }) => {
  const camille = await contactByEmail(page.request, CAMILLE.email);
  const links = await hubspot<{ results: { toObjectId: string | number }[] }>(page.request, "GET", `/crm/v4/objects/contacts/${camille.id}/associations/invoices`);
  const invoices = await hubspot<{ results: Obj[] }>(page.request, "POST", "/crm/v3/objects/invoices/batch/read", {
    inputs: links.results.map((r) => ({ id: String(r.toObjectId) })),
    properties: ["hs_invoice_status", "hs_due_date", "hs_balance_due", "sage_invoice_number"],
  });
  const today = new Date().toISOString().slice(0, 10);
  const overdue = invoices.results.find((i) => i.properties.hs_invoice_status === "open" && (i.properties.hs_due_date ?? "9999") < today && Number(i.properties.hs_balance_due) > 0)!;
  expect(overdue, "Camille has an overdue invoice in the seed").toBeTruthy();
  const number = overdue.properties.sage_invoice_number!;
  const balance = Number(overdue.properties.hs_balance_due);

  await signIn(context, baseURL!, camille.id, CAMILLE.email);
  await page.goto(`/documents/factures/${overdue.id}`);
  const card = page.getByRole("region", { name: "Payer cette facture" });
  await expect(card).toBeVisible({ timeout: 60_000 });
  const euros = (n: number) => n.toLocaleString("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/\s/g, " ");
  await expect(card.getByTestId("pay-amount")).toHaveText(new RegExp(`^${euros(balance).replace(/ /g, "\\s")}\\s€$`));
  await expect(card.getByTestId("pay-iban")).toHaveText("FR76 3000 6000 0112 3456 7890 189");
  await expect(card.getByTestId("pay-reference")).toHaveText(number);
  const qr = card.getByTestId("pay-qr");
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute("alt", new RegExp(`IBAN FR76 3000 6000 0112 3456 7890 189, référence ${number}`));

  await qr.scrollIntoViewIfNeeded();
  const png = PNG.sync.read(await qr.screenshot());
  const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
  expect(code, "the QR code on the page decodes").not.toBeNull();
  const fields = Buffer.from(code!.binaryData).toString("utf8").split("\n");
  expect(fields.slice(0, 4)).toEqual(["BCD", "002", "1", "SCT"]);
  expect(fields[6]).toBe("FR7630006000011234567890189");
  expect(fields[7]).toBe(`EUR${balance.toFixed(2)}`);
  expect(fields[10]).toBe(number);
});
