import { readdirSync } from "node:fs";
import path from "node:path";
import { request, type FullConfig } from "@playwright/test";
import { encode } from "next-auth/jwt";

/**
 * Global setup of the e2e suite: every route of app/ is requested once over HTTP before any test
 * starts. `next dev` compiles a route on its first request (tens of seconds on 2 cores, the whole
 * machine busy meanwhile, and open tabs told to refetch); each spec warms its own routes in its
 * beforeAll, but with two workers one spec's warm-up (or a route no warm-up lists, such as a photo
 * upload or the HubSpot webhook) compiled while the other worker's test was waiting on a page with
 * a 15 s expectation. With everything compiled first, the tests time the portal, not the compiler.
 *
 * The routes are read from app/ (pages and route handlers), dynamic segments filled with values
 * that match nothing: a 404 compiles a route as well as a 200. Signed in as Camille, except the
 * sign-in pages (a signed-in visitor is sent home) and /api/live (a stream, signed in).
 */
const APP_DIR = path.join(process.cwd(), "app");
const SIGNED_OUT = [/^\/connexion(\/|$)/, /^\/api\/live$/];

/** URL paths of every page.tsx and route.ts under app/, one value per dynamic segment. */
export function appRoutes(dir = APP_DIR, segments: string[] = []): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // Private folders (_x) are not routes; groups ((x)) add no segment.
      if (entry.name.startsWith("_")) continue;
      const segment = /^\(.*\)$/.test(entry.name) ? null : placeholder(entry.name);
      routes.push(...appRoutes(path.join(dir, entry.name), segment === null ? segments : [...segments, segment]));
    } else if (/^(page|route)\.(tsx?|jsx?)$/.test(entry.name)) {
      routes.push(`/${segments.join("/")}`);
    }
  }
  return [...new Set(routes)].sort();
}

function placeholder(segment: string): string {
  if (!segment.startsWith("[")) return segment;
  // A booking id is a UUID: one that exists nowhere. A signed link has three parts.
  if (/id\]$/i.test(segment) && /booking/i.test(segment)) return "00000000-0000-4000-8000-000000000000";
  if (segment === "[token]") return "x.y.z";
  if (segment.startsWith("[...") || segment.startsWith("[[...")) return "e2e-warm-up";
  return "0";
}

export default async function globalWarmUp(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL;
  const sandboxUrl = process.env.E2E_SANDBOX_URL;
  if (!baseURL || !sandboxUrl) throw new Error("global warm-up: baseURL and E2E_SANDBOX_URL are set by playwright.config.ts");
  const api = await request.newContext({ baseURL });
  try {
    const search = await api.post(`${sandboxUrl}/crm/v3/objects/contacts/search`, {
      headers: { Authorization: `Bearer ${process.env.E2E_SANDBOX_TOKEN}` },
      data: { filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value: "camille.martin@example.fr" }] }], properties: ["email"], limit: 1 },
    });
    const camilleId = ((await search.json()) as { results: { id: string }[] }).results[0]?.id;
    if (!camilleId) throw new Error(`global warm-up: Camille missing from the sandbox (HTTP ${search.status()})`);
    const now = Date.now();
    const token = await encode({
      token: { sub: camilleId, contactId: camilleId, sessionId: `e2e-global-warm-${now.toString(36)}`, signedInAt: now, channel: "email", identity: "camille.martin@example.fr", locale: "fr" },
      secret: process.env.E2E_AUTH_SECRET!,
      maxAge: 3600,
    });
    const started = Date.now();
    const routes = appRoutes();
    for (const route of routes) {
      const headers: Record<string, string> = SIGNED_OUT.some((r) => r.test(route)) ? {} : { cookie: `duret.session=${token}` };
      // Any answer means the route is compiled (POST-only handlers answer GET with 405).
      const res = await api.get(route, { headers, timeout: 300_000, maxRedirects: 0 });
      await res.body();
      if (res.status() >= 500) console.warn(`[e2e] warm-up ${route}: HTTP ${res.status()}`);
    }
    console.log(`[e2e] ${routes.length} routes compiled before the tests (${Math.round((Date.now() - started) / 1000)} s)`);
  } finally {
    await api.dispose();
  }
}
