import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import { createHmac, randomUUID } from "node:crypto";

/**
 * The survey form checks its answers with the action's own schema, loaded when the form is first
 * used (components/ui/lazy-resolver.ts). Sent empty, each question says what is missing, in French;
 * with the schema's script unreachable (a connection that drops), the action's own check answers with
 * the same messages on the same questions. Nothing is saved in either case, so the survey stays open
 * for the other tests. The link is forged with the e2e server's AUTH_SECRET (lib/surveys/token.ts).
 */
const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
const sandboxToken = process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token";
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;
const CAMILLE = "camille.martin@example.fr";

async function hubspot<T>(request: APIRequestContext, method: "GET" | "POST", path: string, data?: unknown): Promise<T> {
  const res = await request.fetch(`${sandboxUrl}${path}`, { method, data, headers: { Authorization: `Bearer ${sandboxToken}` } });
  expect(res.status(), `${method} ${path}`).toBe(200);
  return (await res.json()) as T;
}

/** Opens the survey of the first of Camille's interventions whose survey is open (done, not rated). */
async function openSurvey(page: Page): Promise<void> {
  const search = await hubspot<{ results: { id: string }[] }>(page.request, "POST", "/crm/v3/objects/contacts/search", {
    filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: CAMILLE }] }],
    limit: 1,
  });
  const contactId = search.results[0]!.id;
  const tickets = await hubspot<{ results: { toObjectId: string | number }[] }>(page.request, "GET", `/crm/v4/objects/contacts/${contactId}/associations/tickets`);
  const key = new Uint8Array(createHmac("sha256", AUTH_SECRET).update("duret-survey-link-v1").digest());
  for (const { toObjectId } of tickets.results) {
    const iat = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tid: String(toObjectId) })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(contactId)
      .setJti(randomUUID())
      .setIssuer("duret-portal")
      .setAudience("duret-survey")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(key);
    await page.goto(`/avis/${token}`, { timeout: 120_000 });
    // The survey's own form (the footer's language switch is a form too).
    if ((await page.getByRole("button", { name: "Envoyer mon avis" }).count()) > 0) return;
  }
  throw new Error("the seed gives Camille a finished intervention to rate");
}

const MISSING = [
  "Choisissez une note de 1 à 5 pour votre satisfaction globale.",
  "Choisissez une note de 1 à 5 pour le technicien.",
  "Dites-nous si le technicien était ponctuel.",
  "Choisissez une note de 0 à 10.",
];

test("a survey sent empty says what each question needs, in French, and saves nothing", async ({ page }) => {
  test.setTimeout(180_000);
  await openSurvey(page);
  await page.getByRole("button", { name: "Envoyer mon avis" }).click();
  for (const message of MISSING) await expect(page.getByText(message)).toBeVisible();
  await expect(page.getByTestId("survey-saved")).toHaveCount(0);
  // The first question's group points at its message (aria-describedby).
  await expect(page.getByRole("group", { name: /satisfaction/i }).first()).toHaveAccessibleDescription(MISSING[0]!);
});

test("the schema's script unreachable: the action's own check answers with the same messages", async ({ page }) => {
  test.setTimeout(180_000);
  await openSurvey(page);
  // From now on no script of the app can be fetched (the page's own are loaded): the schema cannot load.
  let refused = 0;
  await page.route(/\/_next\/static\/chunks\//, (route) => {
    refused++;
    return route.abort("internetdisconnected");
  });
  await page.getByRole("button", { name: "Envoyer mon avis" }).click();
  for (const message of MISSING) await expect(page.getByText(message)).toBeVisible();
  expect(refused, "the schema's chunk was requested, and refused").toBeGreaterThan(0);
  await expect(page.getByTestId("survey-saved")).toHaveCount(0);
});
