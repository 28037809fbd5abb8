import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/** The suggestions route: signed-in customers only, per-session limit, never a 500; the verb's fallback. */
const who = vi.hoisted(() => ({ contactId: null as string | null }));
vi.mock("@/lib/auth/session", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/session")>();
  const { AppError } = await import("@/lib/errors");
  const { sessionFor } = await import("@/tests/security/support");
  return {
    ...original,
    getCustomerSession: async () => sessionFor(who.contactId),
    requireCustomerForApi: async () => {
      const s = sessionFor(who.contactId);
      if (!s) throw new AppError("UNAUTHENTICATED", "no valid customer session");
      return s;
    },
  };
});

import { GET } from "@/app/api/adresses/route";
import { setDbForTests } from "@/lib/db/current";
import type { DbHandle } from "@/lib/db/client";
import { streetPart, suggestAddresses, SUGGESTION_RATE } from "@/lib/bookings/suggest-addresses";
import { openTestDb } from "@/tests/support/db";
import { params, route } from "@/tests/security/support";

let h: DbHandle;
beforeAll(async () => {
  h = await openTestDb();
  setDbForTests(h.db);
});
afterAll(async () => {
  setDbForTests(undefined);
  who.contactId = null;
  await h?.close();
});

const call = (q: string) => GET(route(`/api/adresses?${new URLSearchParams({ q })}`), params({}));
/** The BAN out of reach: the commune list answers. */
const down = { suggest: async () => null };

describe("GET /api/adresses", () => {
  it("refuses a signed-out caller (401, French message, no-store)", async () => {
    who.contactId = null;
    const res = await call("12 rue Royale");
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatch(/connect/i);
    expect(res.headers.get("cache-control")).toContain("no-store");
  });

  it("answers a signed-in customer; hostile text never makes a 500", async () => {
    who.contactId = "10001";
    for (const q of ["", "ab", "<script>", "\u0000\u0001 69003", "x".repeat(5000), "12 rue Royale 69001 Lyon"]) {
      const res = await call(q);
      expect(res.status, q.slice(0, 20)).toBeLessThan(500);
      const body = await res.json();
      expect(Array.isArray(body.suggestions), q.slice(0, 20)).toBe(true);
      expect(body.suggestions.length).toBeLessThanOrEqual(5);
    }
  });
});

describe("suggestAddresses", () => {
  it("without the BAN: the communes of a postcode or a name, the typed street kept", async () => {
    const byZip = await suggestAddresses({ sessionId: "s-fallback" }, "12 rue des Lilas 69400", { db: h.db, geocoder: down });
    expect(byZip[0]).toEqual({ label: "12 rue des Lilas, 69400 Villefranche-sur-Saône", line: "12 rue des Lilas", zip: "69400", city: "Villefranche-sur-Saône" });
    expect(byZip.every((s) => s.zip === "69400" && s.line === "12 rue des Lilas")).toBe(true);
    const [givors] = await suggestAddresses({ sessionId: "s-fallback" }, "3 place de la Liberté Givo", { db: h.db, geocoder: down });
    expect(givors).toEqual({ label: "3 place de la Liberté, 69700 Givors", line: "3 place de la Liberté", zip: "69700", city: "Givors" });
  });

  it("the BAN's suggestions split into line, postcode and town", async () => {
    const ban = {
      suggest: async () => [
        { label: "12 Rue Royale 69001 Lyon", line: "12 Rue Royale", zip: "69001", city: "Lyon", citycode: "69381", point: { lat: 45.77, lng: 4.83 }, precision: "address" as const },
      ],
    };
    expect(await suggestAddresses({ sessionId: "s-ban" }, "12 rue roy", { db: h.db, geocoder: ban })).toEqual([{ label: "12 Rue Royale, 69001 Lyon", line: "12 Rue Royale", zip: "69001", city: "Lyon" }]);
  });

  it("is limited per session", async () => {
    const session = { sessionId: "s-limit" };
    for (let i = 0; i < SUGGESTION_RATE.points; i++) await suggestAddresses(session, "Lyon", { db: h.db, geocoder: down });
    await expect(suggestAddresses(session, "Lyon", { db: h.db, geocoder: down })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // Another session is not held back.
    expect((await suggestAddresses({ sessionId: "s-other" }, "Lyon", { db: h.db, geocoder: down })).length).toBeGreaterThan(0);
  });

  it("keeps the street part of what was typed", () => {
    expect(streetPart("12 rue des Lilas villefr", "Villefranche-sur-Saône", "69400")).toBe("12 rue des Lilas");
    expect(streetPart("12 rue des Lilas, 694", "Villefranche-sur-Saône", "69400")).toBe("12 rue des Lilas");
    expect(streetPart("Givors", "Givors", "69700")).toBe("");
  });
});
