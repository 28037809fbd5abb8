import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * GET /console/api/communes (the service-area form's search as you type): staff only. Without a
 * cookie, with a customer's session cookie, or with a customer's token put in the console's
 * cookie, it is refused (401, French message, no-store); a signed-in staff member gets at most 10
 * communes as { code, name, postalCodes, departement }.
 */

const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: () => {},
    delete: () => {},
  }),
}));
// The staff session check itself is tested in tests/staff; here one known token stands for a valid
// session, every other token goes through the real check (a customer's JWT fails its signature).
vi.mock("@/lib/staff/sign-in", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/staff/sign-in")>();
  return {
    ...original,
    checkStaffSession: async (deps: Parameters<typeof original.checkStaffSession>[0], token: string | undefined) =>
      token === "jeton-console-valide"
        ? {
            ok: true as const,
            session: { email: "claire@duret.test", role: "office" as const, name: "Claire", hubspotOwnerId: "70001", sessionId: "s1", signedInAt: 0, expiresAt: 3_600_000 },
          }
        : original.checkStaffSession(deps, token),
  };
});
// No database is needed before the session check refuses (a token that fails its signature).
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<object>()), getDb: async () => ({}) }));

import { GET } from "@/app/console/api/communes/route";
import { sessionCookieName } from "@/lib/auth/cookies";
import { resetEnvForTests } from "@/lib/env";
import { staffSessionCookieName } from "@/lib/staff/cookies";

const SITE = "https://espace.duret-electricite.fr";
const SECRET = "communes-route-test-secret-0123456789abcdef";
const noParams = { params: Promise.resolve({} as Record<string, never>) };
const search = (q: string) => GET(new Request(`${SITE}/console/api/communes?q=${encodeURIComponent(q)}`), noParams);

beforeAll(() => {
  process.env.SITE_URL = SITE;
  process.env.AUTH_SECRET = SECRET;
  resetEnvForTests();
});
afterAll(() => {
  delete process.env.SITE_URL;
  delete process.env.AUTH_SECRET;
  resetEnvForTests();
});

async function expectRefused(response: Response) {
  expect(response.status).toBe(401);
  const body = (await response.json()) as { error: string; code: string };
  expect(body).toEqual({ error: "Connectez-vous à la console.", code: "UNAUTHENTICATED" });
  expect(response.headers.get("cache-control")).toBe("private, no-store");
}

async function customerToken(): Promise<string> {
  return encode({ token: { sub: "10001", contactId: "10001", signedInAt: Date.now() }, secret: SECRET, salt: sessionCookieName(SITE) });
}

describe("GET /console/api/communes", () => {
  it("refuses a request without a cookie", async () => {
    jar.clear();
    await expectRefused(await search("villeur"));
  });

  it("refuses a customer's session cookie", async () => {
    jar.clear();
    jar.set(sessionCookieName(SITE), await customerToken());
    await expectRefused(await search("villeur"));
  });

  it("refuses a customer's token put in the console's cookie", async () => {
    jar.clear();
    jar.set(staffSessionCookieName(SITE), await customerToken());
    await expectRefused(await search("villeur"));
  });

  it("answers a staff member: a name start or a postcode prefix, 10 communes at most", async () => {
    jar.clear();
    jar.set(staffSessionCookieName(SITE), "jeton-console-valide");
    const byName = await search("villeur");
    expect(byName.status).toBe(200);
    expect(byName.headers.get("cache-control")).toBe("private, no-store");
    const { communes } = (await byName.json()) as { communes: { code: string; name: string; postalCodes: string[]; departement: string }[] };
    expect(communes[0]).toEqual({ code: "69266", name: "Villeurbanne", postalCodes: ["69100"], departement: "69" });

    const byPostcode = (await (await search("69")).json()) as { communes: { departement: string }[] };
    expect(byPostcode.communes).toHaveLength(10);
    expect(byPostcode.communes.every((c) => c.departement === "69")).toBe(true);

    expect(await (await search("")).json()).toEqual({ communes: [] });
  });

  it("answers hostile search text with a list, never an error", async () => {
    jar.clear();
    jar.set(staffSessionCookieName(SITE), "jeton-console-valide");
    for (const q of ["%", "<script>alert(1)</script>", "x".repeat(10_000), "\u0000", "' or 1=1 --", "🙂", "   "]) {
      const response = await search(q);
      expect(response.status, q.slice(0, 20)).toBe(200);
      expect(Array.isArray(((await response.json()) as { communes: unknown }).communes)).toBe(true);
    }
  });
});
