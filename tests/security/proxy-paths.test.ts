import { AsyncLocalStorage } from "node:async_hooks";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { config, proxy } from "@/proxy";

/**
 * proxy.ts on the paths the fault test found: a malformed %-escape anywhere in the path answers
 * 400 (French page, or JSON under /api/) instead of Next's 500; and page paths that look like
 * files ("/documents/x.json") still go through the proxy, so they carry the nonce CSP.
 */
// next/experimental/testing/server loads Next's request storage, which expects Next's global.
(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;
const SITE = "http://127.0.0.1:3999";

beforeAll(() => {
  process.env.SITE_URL = SITE;
  resetEnvForTests();
});
afterAll(() => {
  delete process.env.SITE_URL;
  resetEnvForTests();
});

async function matches(url: string): Promise<boolean> {
  const { unstable_doesMiddlewareMatch } = await import("next/experimental/testing/server");
  return unstable_doesMiddlewareMatch({ config, url });
}

describe("malformed %-escapes in the path", () => {
  it.each(["/documents/%E0%A4%A", "/%", "/rendez-vous/%zz/deplacer", "/avis/%C3"])("page %s: 400 with the French page and the nonce CSP", async (path) => {
    expect(await matches(path)).toBe(true);
    for (const method of ["GET", "POST"]) {
      const res = await proxy(new NextRequest(`${SITE}${path}`, { method }));
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.headers.get("content-security-policy")).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
      const html = await res.text();
      expect(html).toContain('lang="fr"');
      expect(html).toContain("Adresse invalide");
    }
  });

  it.each(["/api/live/%zz", "/api/messages/%E0%A4%A/pieces", "/api/webhooks/%", "/api/auth/%zz"])("API %s: 400 JSON", async (path) => {
    expect(await matches(path)).toBe(true);
    const res = await proxy(new NextRequest(`${SITE}${path}`));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("well-formed escapes are not refused", async () => {
    const res = await proxy(new NextRequest(`${SITE}/connexion/%C3%A9`));
    expect(res.status).not.toBe(400);
  });
});

describe("proxy matcher: every page path, only build assets left out", () => {
  it.each(["/documents/x.json", "/rendez-vous.txt", "/documents/devis/123.pdf", "/messages/12.html", "/", "/connexion"])("runs on %s (nonce CSP)", async (path) => {
    expect(await matches(path)).toBe(true);
  });

  it("a page path ending in .json gets the nonce CSP from the proxy", async () => {
    const res = await proxy(new NextRequest(`${SITE}/connexion/x.json`));
    expect(res.headers.get("content-security-policy")).toMatch(/'nonce-/);
  });

  it.each(["/_next/static/chunks/main.js", "/_next/image?url=%2Fa.png&w=64&q=75", "/favicon.ico"])("skips the asset %s", async (url) => {
    expect(await matches(url)).toBe(false);
  });

  it("health, webhook and next-auth endpoints pass through untouched", async () => {
    for (const path of ["/api/health", "/api/webhooks/hubspot", "/api/auth/session"]) {
      const res = await proxy(new NextRequest(`${SITE}${path}`, { method: "POST" }));
      expect(res.headers.get("x-middleware-next")).toBe("1");
      expect(res.headers.get("x-middleware-override-headers")).toBeNull();
      expect(res.headers.get("content-security-policy")).toBeNull();
    }
  });
});
