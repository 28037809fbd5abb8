import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import { createHmac, randomUUID } from "node:crypto";

/**
 * The e2e run's HubSpot sandbox and secrets (tests/run-e2e.ts sets them), read directly over its API,
 * and the survey links forged as lib/surveys/token.ts signs them.
 */
export const sandboxUrl = process.env.E2E_SANDBOX_URL ?? "http://127.0.0.1:4217";
export const sandboxToken = process.env.E2E_SANDBOX_TOKEN ?? "e2e-sandbox-token";
export const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;
export const CAMILLE = "camille.martin@example.fr";

export async function hubspot<T>(request: APIRequestContext, method: "GET" | "POST", path: string, data?: unknown): Promise<T> {
  const res = await request.fetch(`${sandboxUrl}${path}`, { method, data, headers: { Authorization: `Bearer ${sandboxToken}` } });
  expect(res.status(), `${method} ${path}`).toBe(200);
  return (await res.json()) as T;
}

export async function camilleId(request: APIRequestContext): Promise<string> {
  const search = await hubspot<{ results: { id: string }[] }>(request, "POST", "/crm/v3/objects/contacts/search", {
    filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: CAMILLE }] }],
    limit: 1,
  });
  return search.results[0]!.id;
}

export async function associatedIds(request: APIRequestContext, contactId: string, type: string): Promise<string[]> {
  const res = await hubspot<{ results: { toObjectId: string | number }[] }>(request, "GET", `/crm/v4/objects/contacts/${contactId}/associations/${type}`);
  return res.results.map((r) => String(r.toObjectId));
}

/**
 * Opens, from a fresh signed link, the survey of the first of Camille's interventions whose survey is
 * still open (done, not rated): the page shows the survey's own form, « Envoyer mon avis » (the
 * footer's language switch is a form too).
 */
export async function openCamilleSurvey(page: Page): Promise<void> {
  const contactId = await camilleId(page.request);
  const key = new Uint8Array(createHmac("sha256", AUTH_SECRET).update("duret-survey-link-v1").digest());
  for (const ticketId of await associatedIds(page.request, contactId, "tickets")) {
    const iat = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tid: ticketId })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(contactId)
      .setJti(randomUUID())
      .setIssuer("duret-portal")
      .setAudience("duret-survey")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(key);
    await page.goto(`/avis/${token}`, { timeout: 120_000 });
    if ((await page.getByRole("button", { name: "Envoyer mon avis" }).count()) > 0) return;
  }
  throw new Error("the seed gives Camille a finished intervention to rate");
}
