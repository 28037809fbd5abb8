import { readFileSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * The staff console's unauthorized-access suite. Its pages, route handlers and server actions are
 * found from the source tree (tests/security/inventory.ts), so a new one is checked without being
 * listed here: with no cookie, with a customer's session cookie (under the customer's name and
 * copied under the console's), each is refused and changes nothing; an office member on an
 * administrator's action or page is refused (« Action réservée aux administrateurs »).
 */
const jar = vi.hoisted(() => ({ cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest-security", "x-forwarded-for": "127.0.0.1" }),
  cookies: async () => ({
    get: (name: string) => (jar.cookies.has(name) ? { name, value: jar.cookies.get(name)! } : undefined),
    set: () => {},
    delete: () => {},
    getAll: () => [...jar.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.cookies.has(name),
  }),
}));
vi.mock("@/lib/hubspot/staff-directory", () => ({
  ACTIVE_OWNERS_MEMORY_MS: 30_000,
  forgetActiveOwners: () => {},
  listActiveOwners: async () => [],
  findActiveOwnerByEmail: async (email: string) =>
    ["office@duret.test", "admin@duret.test"].includes(email) ? { ownerId: "1", userId: "2", email, firstName: "Test", lastName: "Staff" } : null,
}));

import { sessionCookieName } from "@/lib/auth/cookies";
import type { DbHandle } from "@/lib/db/client";
import { setDbForTests } from "@/lib/db/current";
import { outbox, portalSettings, staffAudit, staffMembers } from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { staffSessionCookieName } from "@/lib/staff/cookies";
import { signStaffSession } from "@/lib/staff/session-token";
import { ADMIN_ONLY_MESSAGE } from "@/lib/staff/roles";
import { staffRoute } from "@/lib/staff/guards";
import { openTestDb } from "../support/db";
import { findConsolePages, findConsoleRouteHandlers, findConsoleServerActions } from "./inventory";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SITE = "http://localhost:3000";
const SECRET = "console-access-test-secret-0123456789abcdef";

/** The way in and out: no session to check (each answers the same to anyone; tested in tests/staff). */
const PUBLIC_ACTIONS: Record<string, string> = {
  "lib/staff/actions/sign-in.ts#requestStaffSignInAction": "the sign-in form: same neutral answer for anyone",
  "lib/staff/actions/sign-in.ts#confirmStaffLinkAction": "the link's secret is the credential",
  "lib/staff/actions/sign-in.ts#verifyStaffCodeAction": "the pending second-factor cookie + TOTP are the credential",
  "lib/staff/actions/sign-out.ts#staffSignOutAction": "signs out whoever is signed in (no session: nothing to do)",
  "lib/staff/actions/sign-out.ts#staffSignOutEverywhereAction": "signs out whoever is signed in (no session: nothing to do)",
};
const PUBLIC_PAGES = new Set(["app/console/layout.tsx", "app/console/connexion/page.tsx", "app/console/connexion/lien/page.tsx", "app/console/connexion/code/page.tsx"]);

/**
 * An input that needs an administrator, for actions open to both roles whose core function
 * decides by input (actions declared staffAction("admin", …) need none: any input).
 */
const ADMIN_INPUTS: Record<string, unknown> = {
  "lib/console/actions/settings.ts#saveSettingsAction": { key: "company", value: {}, expectedVersion: 0 },
  "lib/console/actions/deliveries.ts#discardDeliveryAction": { id: "x", reason: "motif" },
  "lib/console/actions/deliveries.ts#runHubSpotCheckAction": {},
  "lib/staff/actions/change-role.ts#changeStaffRoleAction": { email: "office@duret.test", role: "admin" },
};
/** Actions an office member may use (nothing to refuse by role). */
const OFFICE_ACTIONS = new Set(["lib/console/actions/deliveries.ts#retryDeliveryAction"]);

let handle: DbHandle;
let customerToken: string;
let officeToken: string;

async function load(key: string): Promise<(input: unknown) => Promise<unknown>> {
  const [file, name] = key.split("#") as [string, string];
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (input: unknown) => Promise<unknown>>;
  return mod[name]!;
}

async function state(): Promise<string> {
  const parts = await Promise.all([
    handle.db.select().from(staffAudit),
    handle.db.select().from(staffMembers),
    handle.db.select().from(outbox),
    handle.db.select().from(portalSettings),
  ]);
  return JSON.stringify(parts);
}

function as(who: "nobody" | "customer" | "office"): void {
  jar.cookies.clear();
  if (who === "customer") {
    jar.cookies.set(sessionCookieName(SITE), customerToken);
    jar.cookies.set(staffSessionCookieName(SITE), customerToken);
  }
  if (who === "office") jar.cookies.set(staffSessionCookieName(SITE), officeToken);
}

async function redirectOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2] ?? "";
    throw error;
  }
}

beforeAll(async () => {
  process.env.AUTH_SECRET = SECRET;
  process.env.SITE_URL = SITE;
  resetEnvForTests();
  handle = await openTestDb();
  setDbForTests(handle.db);
  const now = Date.now();
  await handle.db.insert(staffMembers).values({ email: "office@duret.test", role: "office", totpEnrolledAt: new Date(now - 60_000) });
  officeToken = await signStaffSession({ email: "office@duret.test", sessionId: "office-session-0001", signedInAt: now - 1_000 }, SECRET);
  customerToken = await encode({
    token: { contactId: "10001", sessionId: "customer-session-01", signedInAt: now - 1_000, channel: "email", identity: "camille@example.fr", locale: "fr" },
    secret: SECRET,
  });
});
afterAll(async () => {
  setDbForTests(undefined);
  delete process.env.AUTH_SECRET;
  delete process.env.SITE_URL;
  resetEnvForTests();
  await handle?.close();
});

describe("console server actions", () => {
  const actions = findConsoleServerActions();
  it("are found, and each is checked or documented as the way in", () => {
    expect(actions.length).toBeGreaterThan(Object.keys(PUBLIC_ACTIONS).length);
    for (const key of Object.keys(PUBLIC_ACTIONS)) expect(actions).toContain(key);
  });

  for (const key of actions.filter((k) => !(k in PUBLIC_ACTIONS))) {
    it(`${key}: no cookie and a customer's cookie → refused, nothing changed`, async () => {
      const action = await load(key);
      for (const who of ["nobody", "customer"] as const) {
        as(who);
        const before = await state();
        expect(await action(ADMIN_INPUTS[key] ?? {})).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
        expect(await state()).toBe(before);
      }
    });

    const src = readFileSync(path.join(ROOT, key.split("#")[0]!), "utf8");
    const name = key.split("#")[1]!;
    const adminOnly = new RegExp(`export\\s+const\\s+${name}\\s*=\\s*staffAction\\(\\s*"admin"`).test(src);
    if (OFFICE_ACTIONS.has(key)) continue;
    it(`${key}: an office member on an administrator's action → « ${ADMIN_ONLY_MESSAGE} », nothing changed`, async () => {
      expect(adminOnly || key in ADMIN_INPUTS, `${key}: staffAction("admin", …), an ADMIN_INPUTS case or OFFICE_ACTIONS`).toBe(true);
      const action = await load(key);
      as("office");
      const before = await state();
      expect(await action(ADMIN_INPUTS[key] ?? {})).toMatchObject({ ok: false, code: "FORBIDDEN", error: ADMIN_ONLY_MESSAGE });
      expect(await state()).toBe(before);
    });
  }

  it("sign-out without a console session: back to sign-in, nothing recorded", async () => {
    for (const key of ["lib/staff/actions/sign-out.ts#staffSignOutAction", "lib/staff/actions/sign-out.ts#staffSignOutEverywhereAction"]) {
      const action = await load(key);
      for (const who of ["nobody", "customer"] as const) {
        as(who);
        const before = await state();
        expect(await redirectOf(() => action(undefined))).toBe("/console/connexion?deconnecte=1");
        expect(await state()).toBe(before);
      }
    }
  });
});

describe("console pages and layouts", () => {
  const pages = findConsolePages();
  it("are found", () => {
    expect(pages).toContain("app/console/(espace)/livraisons/page.tsx");
  });
  for (const file of pages.filter((f) => !PUBLIC_PAGES.has(f))) {
    it(`${file}: no cookie or a customer's cookie → the console's sign-in; office on an administrator's page → refused`, async () => {
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as { default: (props: unknown) => Promise<unknown> };
      const props = { params: Promise.resolve({}), searchParams: Promise.resolve({}), children: null };
      for (const who of ["nobody", "customer"] as const) {
        as(who);
        expect(await redirectOf(() => mod.default(props))).toBe("/console/connexion");
      }
      if (/requireStaff\(\s*"admin"\s*\)/.test(readFileSync(path.join(ROOT, file), "utf8"))) {
        as("office");
        expect(await redirectOf(() => mod.default(props))).toBe("/console?acces=administrateurs");
      }
    });
  }
});

describe("console route handlers", () => {
  for (const entry of findConsoleRouteHandlers()) {
    it(`${entry}: no cookie or a customer's cookie → 401`, async () => {
      const [file, method] = entry.split(" ") as [string, string];
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, (r: Request, c: unknown) => Promise<Response>>;
      for (const who of ["nobody", "customer"] as const) {
        as(who);
        const response = await mod[method]!(new Request(`${SITE}/${file}`, { method }), { params: Promise.resolve({}) });
        expect(response.status).toBe(401);
      }
    });
  }
});

describe("staffRoute (the wrapper every console route handler uses)", () => {
  const route = staffRoute("admin", "test", async (_request, { staff }) => new Response(staff.email));
  const call = (init?: RequestInit) => route(new Request(`${SITE}/console/x`, init), { params: Promise.resolve({}) });
  it("no cookie or a customer's cookie → 401; office on an administrator's route → 403; another site's POST → 403", async () => {
    for (const who of ["nobody", "customer"] as const) {
      as(who);
      expect((await call()).status).toBe(401);
    }
    as("office");
    const refused = await call();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: ADMIN_ONLY_MESSAGE });
    expect((await call({ method: "POST", headers: { origin: "https://evil.example" } })).status).toBe(403);
    const open = staffRoute(undefined, "test", async (_request, { staff }) => new Response(staff.email));
    const ok = await open(new Request(`${SITE}/console/x`), { params: Promise.resolve({}) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("office@duret.test");
    expect(ok.headers.get("cache-control")).toBe("private, no-store");
  });
});
