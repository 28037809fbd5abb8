import { expect, test } from "@playwright/test";
import { encode } from "next-auth/jwt";

/**
 * A foreign or unknown id on a detail page (booking, intervention, thread, quote, invoice) answers HTTP 404 (not Next's not-found page inside a streamed
 * 200): the ownership check runs before any Suspense boundary (see tests/unit/not-found-status.test.ts).
 */
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;
const CAMILLE_ID = "10001";

test("unknown or malformed ids on detail pages: 404 with the French not-found page; the lists still answer 200", async ({ playwright }, testInfo) => {
  testInfo.setTimeout(300_000);
  const now = Date.now();
  const token = await encode({
    token: { sub: CAMILLE_ID, contactId: CAMILLE_ID, sessionId: `e2e-404-${now.toString(36)}`, signedInAt: now, channel: "email", identity: "camille.martin@example.fr", locale: "fr" },
    secret: AUTH_SECRET,
    maxAge: 3600,
  });
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL!, extraHTTPHeaders: { cookie: `duret.session=${token}` } });
  const unknown = "00000000-0000-4000-8000-000000000000";
  const detailPages = [`/rendez-vous/${unknown}`, `/rendez-vous/${unknown}/deplacer`, "/rendez-vous/pas-un-id"];
  // The other detail pages (issues 5 and 6) with an id that is nobody's.
  detailPages.push("/interventions/999999999", "/messages/999999999", "/documents/devis/999999999", "/documents/factures/999999999");
  for (const path of detailPages) {
    const res = await api.get(path, { timeout: 180_000, maxRedirects: 0 });
    expect(res.status(), path).toBe(404);
    expect(await res.text()).toContain("Page introuvable");
  }
  for (const path of ["/", "/rendez-vous", "/interventions", "/messages", "/documents"]) expect((await api.get(path, { timeout: 180_000, maxRedirects: 0 })).status(), path).toBe(200);
  // An address no route matches: 404 inside the customer's shell (navigation present); the API answers JSON.
  const unknownPage = await api.get("/cette-page-n-existe-pas/du-tout", { timeout: 180_000, maxRedirects: 0 });
  expect(unknownPage.status()).toBe(404);
  const html = await unknownPage.text();
  expect(html).toContain("Page introuvable");
  expect(html).toContain("Navigation principale");
  for (const method of ["GET", "POST"] as const) {
    const unknownApi = await api.fetch("/api/cette-adresse-n-existe-pas", { method, timeout: 180_000, maxRedirects: 0 });
    expect(unknownApi.status(), method).toBe(404);
    expect(await unknownApi.json()).toMatchObject({ code: "NOT_FOUND" });
  }
  await api.dispose();
});
