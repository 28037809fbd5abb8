import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";

/**
 * Sign-in end to end in Chromium: email link and SMS code read from /dev/outbox (the demo's
 * mailbox and phone), the 1-hour session sending back to sign-in and then to the page, sign-out
 * revoking a copied cookie, one customer never seeing another's data, security headers, and server
 * actions refusing a foreign Origin.
 *
 * Each (identity, project) pair signs in once per run, so the two projects running in parallel
 * never read each other's link or code, and the per-identity send limits (3 an hour per address, 10 in all) are never hit.
 * Each test sends from its own X-Forwarded-For (the server trusts its loopback "proxy") so the per-IP limit is not shared across tests.
 */
const CUSTOMERS = {
  camille: { email: "camille.martin@example.fr", phone: "06 12 34 56 78", e164: "+33612345678", first: "Camille", last: "Martin" },
  antoine: { email: "antoine.girard@example.com", phone: "07 87 65 43 21", e164: "+33787654321", first: "Antoine", last: "Girard" },
} as const;
// The e2e server gets its AUTH_SECRET from playwright.config.ts (E2E_AUTH_SECRET).
const AUTH_SECRET = process.env.E2E_AUTH_SECRET!;
const SESSION_COOKIE = "duret.session"; // plain name on local http (lib/auth/cookies.ts)

// `next dev` compiles each route on first use (tens of seconds on 2 cores): warm the sign-in
// routes once, and give each test room for a cold compile of the portal pages it visits.
test.beforeAll(async ({ playwright }, testInfo) => {
  test.setTimeout(240_000);
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  for (const path of ["/connexion", "/connexion/lien", "/connexion/code", "/api/auth/csrf", "/api/auth/providers", "/api/auth/session", "/dev/outbox"]) {
    await request.get(path, { timeout: 200_000 });
  }
  await request.dispose();
});
test.describe.configure({ timeout: 150_000 });

/** The sign-in pages' own alert (Next also renders an empty role=alert route announcer). */
const authAlert = (page: Page) => page.locator("p[role=alert]");

let ipSeq = 0;
test.beforeEach(async ({ context }, testInfo) => {
  ipSeq += 1;
  const project = testInfo.project.name === "mobile" ? 1 : 2;
  await context.setExtraHTTPHeaders({ "x-forwarded-for": `10.${project}.${testInfo.workerIndex % 250}.${(ipSeq % 250) + 1}` });
});

function uniqueEmail(tag: string): string {
  return `e2e.${tag}.${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}@example.org`;
}

async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // The outbox page refreshes itself (and `next dev` may reload it once after compiling): a read
    // cut by that navigation is simply tried again.
    const value = await fn().catch((error: Error) => {
      if (/Execution context was destroyed/.test(error.message)) return undefined;
      throw error;
    });
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 400));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A tab of this test's browser that reads /dev/outbox as the machine itself: the test's pages pass
 * for a client at 10.x.y.z through the trusted loopback proxy, and /dev/outbox answers only loopback.
 */
async function outboxPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "127.0.0.1" });
  return page;
}

/** The newest sign-in link emailed to `email`, read on /dev/outbox like a newcomer would. */
async function readLink(context: BrowserContext, email: string, exclude: string[] = []): Promise<string> {
  const outbox = await outboxPage(context);
  try {
    return await poll(`a sign-in link for ${email}`, async () => {
      await outbox.goto("/dev/outbox");
      const links = outbox.locator("article").filter({ hasText: email }).locator('a[href*="/connexion/lien?"]');
      for (const href of await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
        if (!exclude.includes(href)) return href;
      }
      return undefined;
    });
  } finally {
    await outbox.close();
  }
}

/** The newest 6-digit code texted to `e164`, read on /dev/outbox. */
async function readCode(context: BrowserContext, e164: string): Promise<string> {
  const outbox = await outboxPage(context);
  try {
    return await poll(`an SMS code for ${e164}`, async () => {
      await outbox.goto("/dev/outbox");
      const texts = await outbox.locator("li").filter({ hasText: `À ${e164}` }).allInnerTexts();
      for (const text of texts) {
        const code = /code de connexion est (\d{6})/.exec(text)?.[1];
        if (code) return code;
      }
      return undefined;
    });
  } finally {
    await outbox.close();
  }
}

const identityField = (page: Page) => page.getByLabel("Adresse e-mail ou numéro de mobile");
/** The sign-in forms mark themselves once React has hydrated them (under the nonce CSP). */
const hydrated = (page: Page) => expect(page.locator("form[data-hydrated]")).toBeVisible();

async function askForLink(page: Page, email: string) {
  await hydrated(page);
  await identityField(page).fill(email);
  await page.getByRole("button", { name: "Recevoir mon lien ou mon code" }).click();
  await expect(page.getByRole("heading", { name: "Surveillez votre boîte mail" })).toBeVisible();
}

async function signInByEmail(page: Page, email: string, exclude: string[] = []): Promise<string> {
  await askForLink(page, email);
  const link = await readLink(page.context(), email, exclude);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Confirmer la connexion" })).toBeVisible();
  await hydrated(page);
  await page.getByRole("button", { name: "Me connecter" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/connexion"));
  return link;
}

const accountLink = (page: Page) => page.getByRole("banner").getByRole("link", { name: /Camille|Antoine|Mon compte|compte/i }).first();

test("sign in by email link: the link page spends nothing until « Me connecter », then the right dashboard", async ({ page }, testInfo) => {
  const who = testInfo.project.name === "mobile" ? CUSTOMERS.antoine : CUSTOMERS.camille;
  const other = who === CUSTOMERS.camille ? CUSTOMERS.antoine : CUSTOMERS.camille;
  await page.goto("/");
  await expect(page).toHaveURL(/\/connexion\?retour=%2F$/);
  await askForLink(page, who.email);
  const link = await readLink(page.context(), who.email);
  // The panel said « nous envoyons » and follows the message until the provider took it.
  await expect(page.getByRole("status").filter({ hasText: /^E-mail envoyé/ })).toBeVisible({ timeout: 30_000 });
  expect(new URL(link).origin).toBe(new URL(page.url()).origin);

  // A mail scanner opening the link (GET) does not spend it.
  const scan = await page.request.get(link);
  expect(scan.status()).toBe(200);
  await page.goto(link);
  await hydrated(page);
  await page.getByRole("button", { name: "Me connecter" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(accountLink(page)).toContainText(who.first);
  await expect(page.locator("body")).not.toContainText(other.last);

  // The link worked once.
  await page.goto(link);
  await expect(authAlert(page)).toContainText("Ce lien a déjà servi");
  await expect(page.getByRole("link", { name: "Recevoir un nouveau lien" })).toBeVisible();
});

test("sign in by SMS code, one customer never sees the other's data, sign-out revokes a copied cookie", async ({ page, context }, testInfo) => {
  const who = testInfo.project.name === "mobile" ? CUSTOMERS.camille : CUSTOMERS.antoine;
  const other = who === CUSTOMERS.camille ? CUSTOMERS.antoine : CUSTOMERS.camille;
  await page.goto("/connexion");
  // A wrong code first: the remaining tries are announced.
  await hydrated(page);
  await identityField(page).fill(who.phone);
  await page.getByRole("button", { name: "Recevoir mon lien ou mon code" }).click();
  await page.waitForURL("**/connexion/code");
  await expect(page.getByText("5 essais restants")).toBeVisible();
  await hydrated(page);
  const code = await readCode(context, who.e164);
  await expect(page.getByRole("status").filter({ hasText: /^SMS envoyé/ })).toBeVisible({ timeout: 30_000 });
  const wrong = code === "000000" ? "111111" : "000000";
  await page.getByLabel("Code reçu par SMS").fill(wrong);
  await page.getByRole("button", { name: "Valider le code" }).click();
  await expect(authAlert(page)).toContainText("Code incorrect. Il vous reste 4 essais.");
  await page.getByLabel("Code reçu par SMS").fill(code);
  await page.getByRole("button", { name: "Valider le code" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(accountLink(page)).toContainText(who.first);

  for (const path of ["/", "/rendez-vous", "/documents", "/interventions", "/messages", "/compte"]) {
    await page.goto(path);
    await expect(page).toHaveURL(new RegExp(`${path === "/" ? "/$" : path}`));
    await expect(page.locator("main")).toBeVisible();
    const text = await page.locator("body").innerText();
    expect(text, `${path} shows nothing of ${other.first} ${other.last}`).not.toContain(other.last);
    expect(text).not.toContain(other.email);
  }

  const stolen = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(stolen?.httpOnly).toBe(true);
  expect(stolen?.sameSite).toBe("Lax");
  await page.getByRole("button", { name: "Se déconnecter" }).first().click();
  await page.waitForURL("**/connexion?deconnecte=1");
  await expect(page.getByText("Vous êtes déconnecté")).toBeVisible();
  // The copied cookie is dead at once (revoked on the server, not just deleted in this browser).
  await context.addCookies([stolen!]);
  await page.goto("/documents");
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fdocuments/);
});

test("an expired session (1 hour after sign-in) goes back to sign-in, then to where it was", async ({ page, context }) => {
  const email = uniqueEmail("expiry");
  await page.goto("/documents");
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fdocuments$/);
  const first = await signInByEmail(page, email);
  // A new identity became a HubSpot lead and lands where it wanted to go.
  await expect(page).toHaveURL(/\/documents$/);

  // Age the session by 61 minutes, as the clock would: same token, older sign-in time.
  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
  const claims = (await decode({ token: cookie.value, secret: AUTH_SECRET }))!;
  const aged = await encode({ token: { ...claims, signedInAt: Number(claims.signedInAt) - 61 * 60_000 }, secret: AUTH_SECRET });
  await context.addCookies([{ ...cookie, value: aged }]);

  await page.goto("/interventions?filtre=en-cours");
  await expect(page).toHaveURL(/\/connexion\?retour=%2Finterventions%3Ffiltre%3Den-cours$/);
  await expect(page.getByText("Connectez-vous pour continuer")).toBeVisible();
  await signInByEmail(page, email, [first]);
  await expect(page).toHaveURL(/\/interventions\?filtre=en-cours$/);
});

test("SMS code page: bad input gets a French message and spends no try", async ({ page }) => {
  await page.goto("/connexion");
  await hydrated(page);
  await identityField(page).fill("01 42 68 53 00");
  await page.getByRole("button", { name: "Recevoir mon lien ou mon code" }).click();
  await expect(page.getByText(/indiquez un numéro de mobile/)).toBeVisible();
  await identityField(page).fill("camille@");
  await page.getByRole("button", { name: "Recevoir mon lien ou mon code" }).click();
  await expect(page.getByText(/adresse e-mail n'est pas valide/)).toBeVisible();
  await expect(page).toHaveURL(/\/connexion$/);
  // No attempt on this browser: the code page says so and offers a way back.
  await page.goto("/connexion/code");
  await expect(authAlert(page)).toContainText("Aucune demande de code");
  // A tampered link.
  await page.goto("/connexion/lien?attempt=AAAAAAAAAAAAAAAAAAAAAAAA&token=" + "A".repeat(43));
  await expect(authAlert(page)).toContainText("n'est pas valide");
});

test("security headers: nonce CSP and no-store on pages, baseline headers on an API route and a static file", async ({ page, request }) => {
  const response = await page.goto("/connexion");
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers["cache-control"]).toContain("no-store");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  // Every script the server sent carries this request's nonce (scripts added later by those are
  // trusted through 'strict-dynamic'), and the next request gets another one.
  const html = await response!.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const again = await request.get("/connexion");
  expect(again.headers()["content-security-policy"]).not.toContain(nonce!);
  // The page hydrated under this CSP: the form marks itself and client-side validation answers.
  await hydrated(page);
  await page.getByRole("button", { name: "Recevoir mon lien ou mon code" }).click();
  await expect(page.getByText("Indiquez votre adresse e-mail ou votre numéro de mobile.")).toBeVisible();

  const api = await request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(api.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  const scriptSrc = await page.locator("script[src]").first().getAttribute("src");
  const file = await request.get(scriptSrc!);
  expect(file.status()).toBe(200);
  expect(file.headers()["x-content-type-options"]).toBe("nosniff");
  expect(file.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  // A portal page signed out: redirected, and the redirect itself is not cached.
  const portal = await request.get("/rendez-vous", { maxRedirects: 0 });
  expect(portal.status()).toBe(307);
  expect(portal.headers()["location"]).toMatch(/\/connexion\?retour=%2Frendez-vous$/);
});

test("a server action called from a foreign Origin is refused", async ({ page, request }) => {
  await page.goto("/connexion");
  const submitted = page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"]));
  const probe = uniqueEmail("probe");
  await askForLink(page, probe);
  const action = await submitted;
  const headers = action.headers();
  const body = action.postData()!;
  expect(body).toContain(probe);
  const replay = async (origin: string, email: string) =>
    request.post("/connexion", {
      headers: {
        "next-action": headers["next-action"]!,
        "next-router-state-tree": headers["next-router-state-tree"] ?? "",
        "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin,
        "x-forwarded-for": "10.9.9.9",
      },
      data: body.replace(probe, email),
    });

  const evil = uniqueEmail("evil");
  const refused = await replay("https://evil.example", evil);
  expect(refused.status()).toBeGreaterThanOrEqual(400);
  const good = uniqueEmail("good");
  const accepted = await replay(new URL(page.url()).origin, good);
  expect(accepted.status()).toBe(200);
  // The same-origin replay sent its email; the foreign one sent nothing.
  await readLink(page.context(), good);
  const outbox = await outboxPage(page.context());
  await outbox.goto("/dev/outbox");
  await expect(outbox.locator("body")).not.toContainText(evil);
  await outbox.close();
});
