import { expect, test, type APIRequestContext } from "@playwright/test";

/**
 * The temporary home page (until sign-in): the sandbox's first demo customer, with the démo banner.
 * What the page must show is read from the sandbox itself, through HubSpot's REST API.
 */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const token = process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token";
const DEMO_EMAIL = "camille.martin@example.fr";

async function hubspot<T>(request: APIRequestContext, method: "GET" | "POST", path: string, data?: unknown): Promise<T> {
  const res = await request.fetch(`${sandboxUrl}${path}`, { method, data, headers: { Authorization: `Bearer ${token}` } });
  expect(res.status(), `${method} ${path}`).toBe(200);
  return (await res.json()) as T;
}

async function demoCustomer(request: APIRequestContext) {
  type Obj = { id: string; properties: Record<string, string | null> };
  const search = await hubspot<{ results: Obj[] }>(request, "POST", "/crm/v3/objects/contacts/search", {
    filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: DEMO_EMAIL }] }],
    properties: ["firstname", "lastname", "sage_customer_code"],
    limit: 1,
  });
  const contact = search.results[0];
  if (!contact) throw new Error("demo customer missing from the sandbox");
  const assoc = await hubspot<{ results: { toObjectId: string | number }[] }>(
    request,
    "GET",
    `/crm/v4/objects/contacts/${contact.id}/associations/invoices`,
  );
  const invoices = await hubspot<{ results: Obj[] }>(request, "POST", "/crm/v3/objects/invoices/batch/read", {
    inputs: assoc.results.map((a) => ({ id: String(a.toObjectId) })),
    properties: ["sage_invoice_number"],
  });
  return {
    name: `${contact.properties.firstname} ${contact.properties.lastname}`,
    code: contact.properties.sage_customer_code ?? "",
    invoiceNumbers: invoices.results.map((i) => i.properties.sage_invoice_number).filter((n): n is string => Boolean(n)),
  };
}

test("the home page shows the démo banner and the demo customer's data", async ({ page, request }) => {
  const customer = await demoCustomer(request);
  expect(customer.invoiceNumbers.length).toBeGreaterThan(0);

  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("note", { name: "Mode démo" })).toHaveText("Démo : données fictives, HubSpot simulé en local");
  await expect(page.getByRole("heading", { level: 1, name: customer.name })).toBeVisible();
  await expect(page.getByText(customer.code, { exact: true })).toBeVisible();

  const invoices = page.getByRole("region", { name: "Factures" });
  for (const number of customer.invoiceNumbers) await expect(invoices.getByText(number)).toBeVisible();
  await expect(page.getByRole("region", { name: "Prochains rendez-vous" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Interventions" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Devis" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Échanges avec le service client" })).toBeVisible();
});

test("the skip link is the first stop for keyboard users and lands on the content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Aller au contenu" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#contenu")).toBeFocused();
});

test("an unknown demo customer gets the French not-found page", async ({ page }) => {
  // The status stays 200: loading.tsx streams the shell before the page decides it is not found.
  await page.goto("/?client=personne@example.fr");
  await expect(page.getByRole("heading", { name: "Page introuvable" })).toBeVisible();
  await expect(page.getByRole("note", { name: "Mode démo" })).toBeVisible();
  await expect(page.getByText("Camille Martin")).toHaveCount(0);
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
