import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
// Next's own path matcher (the one that applies next.config `headers()` sources and proxy matchers).
import { pathToRegexp } from "next/dist/compiled/path-to-regexp";
// What app/ route handlers' answers go through (build/templates/app-route.js).
import { sendResponse } from "next/dist/server/send-response";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionCookieName } from "@/lib/auth/cookies";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { FILE_CSP } from "@/lib/uploads/file-csp";
import { fileHeaders } from "@/lib/uploads/images";
import nextConfig from "@/next.config";
import { config as proxyConfig, proxy } from "@/proxy";

/**
 * Security headers on every page and route, from the two places that set them: next.config's
 * static headers (every path, API and files included) and proxy.ts (per-request nonce CSP and
 * no-store on pages). Pages and routes are enumerated from app/, so a new one is checked too.
 * (tests/e2e/auth.spec.ts checks on a running server that both layers reach the browser.)
 */
const ROOT = path.resolve(import.meta.dirname, "../..");

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** app/(portal)/documents/devis/[id]/page.tsx → /documents/devis/123 */
function samplePath(file: string): string {
  const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  const parts = rel
    .filter((p) => p && !/^\(.*\)$/.test(p))
    .map((p) => {
      if (p === "[...nextauth]") return "session";
      if (p === "[bookingId]") return "0b7f3c52-8f4e-4c39-9d0e-6d2c1f6f2a11";
      // A real signed link: its last segment is a 43-character signature (never mistaken for a file extension).
      if (p === "[token]") return "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
      if (/^\[.*\]$/.test(p)) return "123456";
      return p;
    });
  return `/${parts.join("/")}`;
}

const appFiles = walk(path.join(ROOT, "app"));
const PAGES = appFiles.filter((f) => f.endsWith("/page.tsx")).map((f) => ({ file: path.relative(ROOT, f), path: samplePath(f) }));
const ROUTES = appFiles.filter((f) => f.endsWith("/route.ts")).map((f) => ({ file: path.relative(ROOT, f), path: samplePath(f), src: readFileSync(f, "utf8") }));
/** Files served as-is (public/) and build assets: only the static headers apply. */
const STATIC_SAMPLES = ["/favicon.ico", "/_next/static/chunks/main.js", "/icone.png"];

type Header = { key: string; value: string };
let rules: { source: string; headers: Header[] }[] = [];

/** next.config headers for a path; a later rule overrides the same key of an earlier one (Next's order). */
function staticHeaders(pathname: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of rules) {
    if (!pathToRegexp(rule.source, [], { sensitive: false, delimiter: "/" }).test(pathname)) continue;
    for (const h of rule.headers) out.set(h.key.toLowerCase(), h.value);
  }
  return out;
}

function proxyRuns(pathname: string): boolean {
  return proxyConfig.matcher.some((m) => pathToRegexp(m, [], { delimiter: "/" }).test(pathname));
}

const PDF_FRAMEABLE = /^\/api\/documents\/[^/]+\/[^/]+\/pdf$/;

let cookie = "";
beforeAll(async () => {
  process.env.SITE_URL = "http://127.0.0.1:3999";
  resetEnvForTests();
  rules = (await nextConfig.headers!()) as typeof rules;
  const env = getEnv();
  const now = Date.now();
  const token = await encode({
    token: { sub: "10001", contactId: "10001", sessionId: "headers-test-session-0001", signedInAt: now, channel: "email", identity: "camille.martin@example.fr", locale: "fr" },
    secret: env.authSecret!,
    maxAge: 3600,
  });
  cookie = `${sessionCookieName(env.SITE_URL)}=${token}`;
});
afterAll(() => {
  delete process.env.SITE_URL;
  resetEnvForTests();
});

describe("static headers (next.config) on every page, route and file", () => {
  it("found the pages and routes", () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(20);
    expect(ROUTES.length).toBeGreaterThanOrEqual(15);
  });

  it("no X-Powered-By", () => {
    expect(nextConfig.poweredByHeader).toBe(false);
  });

  it.each([...PAGES.map((p) => p.path), ...ROUTES.map((r) => r.path), ...STATIC_SAMPLES])("%s", (pathname) => {
    const h = staticHeaders(pathname);
    expect(h.get("x-content-type-options")).toBe("nosniff");
    expect(h.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(h.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(h.get("permissions-policy")).toMatch(/camera=\(\).*geolocation=\(\)/);
    const csp = h.get("content-security-policy") ?? "";
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    if (PDF_FRAMEABLE.test(pathname)) {
      // The document page previews its own PDF: framed by the portal itself only.
      expect(csp).toContain("frame-ancestors 'self'");
      expect(h.get("x-frame-options")).toBe("SAMEORIGIN");
    } else {
      expect(csp).toContain("frame-ancestors 'none'");
      expect(h.get("x-frame-options")).toBe("DENY");
    }
  });
});

describe("routes serving a customer's files keep their own strict CSP", () => {
  const FILE_ROUTES = ROUTES.filter((r) => /\bfileHeaders\(/.test(r.src));

  it("found them", () => {
    expect(FILE_ROUTES.map((r) => r.file).sort()).toEqual([
      "app/api/interventions/[id]/photos/[fileId]/route.ts",
      "app/api/interventions/[id]/report/route.ts",
      "app/api/messages/[id]/attachments/[fileId]/route.ts",
    ]);
  });

  it("premise: Next keeps a header next.config already set and drops the handler's", async () => {
    const sent = new Map<string, string>([["content-security-policy", "from next.config"]]);
    const res = {
      statusCode: 0,
      statusMessage: "",
      getHeader: (name: string) => sent.get(name.toLowerCase()),
      appendHeader: (name: string, value: string) => void sent.set(name.toLowerCase(), value),
      originalResponse: { end: () => {} },
    };
    const handler = new Response(null, { headers: { "Content-Security-Policy": "from the handler", "X-Other": "kept" } });
    await sendResponse({ method: "GET" } as never, res as never, handler);
    expect(sent.get("content-security-policy")).toBe("from next.config");
    expect(sent.get("x-other")).toBe("kept");
  });

  it.each(FILE_ROUTES.map((r) => [r.path, r.file]))("%s (%s)", async (pathname) => {
    // proxy.ts puts no page CSP on API routes.
    const proxied = await proxy(new NextRequest(new URL(pathname, getEnv().SITE_URL), { headers: { cookie } }));
    expect(proxied.headers.get("content-security-policy")).toBeNull();
    const handler = fileHeaders("image/jpeg", "photo.jpg", "inline").get("content-security-policy");
    expect(handler).toBe(FILE_CSP);
    // What reaches the browser: next.config's header, else the handler's (Next's sendResponse skips
    // a handler header that the config already set).
    const sent = staticHeaders(pathname).get("content-security-policy") ?? handler;
    expect(sent).toBe(FILE_CSP);
    expect(sent).toContain("default-src 'none'");
    expect(sent).toMatch(/(^|; )sandbox($|;)/);
  });
});

describe("proxy.ts: nonce CSP and no-store on every page", () => {
  it.each(PAGES.map((p) => [p.path, p.file]))("%s (%s)", async (pathname) => {
    expect(proxyRuns(pathname)).toBe(true);
    const signedIn = await proxy(new NextRequest(new URL(pathname, getEnv().SITE_URL), { headers: { cookie } }));
    const csp = signedIn.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    // A fresh nonce per request.
    const again = await proxy(new NextRequest(new URL(pathname, getEnv().SITE_URL), { headers: { cookie } }));
    expect(again.headers.get("content-security-policy")).not.toContain(nonce!);

    // Signed out: a page needing a session is a redirect to sign-in, never a cached one.
    const signedOut = await proxy(new NextRequest(new URL(pathname, getEnv().SITE_URL)));
    if (signedOut.status === 307) {
      expect(signedOut.headers.get("location")).toMatch(/\/connexion\?retour=/);
      expect(signedOut.headers.get("cache-control")).toContain("no-store");
    } else {
      expect(signedOut.headers.get("cache-control")).toBe("private, no-store");
      expect(signedOut.headers.get("content-security-policy")).toContain("'nonce-");
    }
  });
});

describe("data routes answer no-store", () => {
  it.each(ROUTES.map((r) => [r.path, r]))("%s", (_pathname, r) => {
    // Customer data goes through customerRoute (no-store on every answer, tested in the fuzz and
    // cross-customer suites), the console's through staffRoute (same, console-access.test.ts); the
    // others set it themselves or are next-auth / HubSpot's webhooks.
    const wrapped = /(?:customerRoute|staffRoute)\s*[<(]/.test(r.src);
    const explicit = /no-store/.test(r.src);
    const exempt = /api\/auth\/|api\/webhooks\//.test(r.file);
    expect(wrapped || explicit || exempt, r.file).toBe(true);
  });
});
