import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { geocodeCache } from "@/lib/db/schema";
import { createBanGeocoder, GEOCODE_TTL_MS } from "@/lib/geo";
import { openTestDb } from "@/tests/support/db";

/** The Géoplateforme's answer for "12 rue Royale 69001 Lyon" (its documented GeoJSON shape). */
const ROYALE = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      geometry: { type: "Point", coordinates: [4.835, 45.7702] },
      properties: {
        label: "12 Rue Royale 69001 Lyon",
        score: 0.97,
        housenumber: "12",
        id: "69381_6290_00012",
        name: "12 Rue Royale",
        postcode: "69001",
        citycode: "69381",
        x: 842500.1,
        y: 6520000.2,
        city: "Lyon",
        district: "Lyon 1er Arrondissement",
        context: "69, Rhône, Auvergne-Rhône-Alpes",
        type: "housenumber",
        importance: 0.8,
        street: "Rue Royale",
        _type: "address",
      },
    },
  ],
};

let h: DbHandle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.db.delete(geocodeCache);
});
afterEach(() => {
  vi.useRealTimers();
});

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

function geocoder(fetchImpl: typeof fetch, now = () => new Date("2026-12-01T10:00:00Z")) {
  return createBanGeocoder({ baseUrl: "https://ban.test/geocodage/", timeoutMs: 2000, fetch: fetchImpl, now, db: async () => h.db });
}

describe("BAN geocoder", () => {
  it("reads the BAN's answer and keeps it 90 days: the second call asks nothing", async () => {
    const fetchMock = vi.fn(async (...args: [string | URL | Request]) => (args.length > 0 ? json(ROYALE) : json(ROYALE)));
    const ban = geocoder(fetchMock as unknown as typeof fetch);
    const first = await ban.locate("12 rue Royale, 69001 Lyon");
    expect(first).toEqual({ point: { lat: 45.7702, lng: 4.835 }, precision: "address", citycode: "69381", postcode: "69001", label: "12 Rue Royale 69001 Lyon" });
    const url = new URL(String(fetchMock.mock.calls[0]![0]));
    expect(url.origin + url.pathname).toBe("https://ban.test/geocodage/search");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ q: "12 rue Royale, 69001 Lyon", limit: "1", autocomplete: "0", postcode: "69001" });
    expect(await ban.locate("12  Rue ROYALE 69001 Lyon")).toEqual(first);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [row] = await h.db.select().from(geocodeCache);
    expect(row).toMatchObject({ source: "ban" });
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(GEOCODE_TTL_MS.found);
  });

  it("keeps a not-found 1 day (injected clock), answering the commune's centre meanwhile", async () => {
    let now = new Date("2026-12-01T10:00:00Z");
    const fetchMock = vi.fn(async () => json({ type: "FeatureCollection", features: [] }));
    const ban = geocoder(fetchMock as unknown as typeof fetch, () => now);
    const address = "999 impasse Inconnue, 69700 Givors";
    const fallback = await ban.locate(address);
    expect(fallback).toMatchObject({ precision: "commune", citycode: "69091", postcode: "69700" });
    now = new Date(now.getTime() + GEOCODE_TTL_MS.notFound - 1000);
    expect(await ban.locate(address)).toEqual(fallback);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [row] = await h.db.select().from(geocodeCache).where(eq(geocodeCache.source, "ban"));
    expect(row!.result).toBeNull();
    now = new Date(now.getTime() + 2000);
    await ban.locate(address);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("a BAN that does not answer in time: the commune's centre, never cached as the BAN's", async () => {
    vi.useFakeTimers();
    const never = vi.fn(
      (...args: [string | URL | Request, RequestInit?]) =>
        new Promise<Response>((_resolve, reject) => args[1]?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")))),
    );
    const ban = geocoder(never as unknown as typeof fetch);
    const pending = ban.locate("12 rue Royale, 69003 Lyon");
    await vi.advanceTimersByTimeAsync(2000);
    const result = await pending;
    expect(result).toMatchObject({ precision: "commune", citycode: "69383", postcode: "69003" });
    const rows = await h.db.select().from(geocodeCache);
    expect(rows.map((r) => r.source)).toEqual(["commune"]);
  });

  it("an answer off the BAN's format, or an error status, is not believed", async () => {
    const ban = geocoder((async () => json({ features: "nope" })) as unknown as typeof fetch);
    expect(await ban.locate("1 place Bellecour, 69002 Lyon")).toMatchObject({ precision: "commune", citycode: "69382" });
    const down = geocoder((async () => json({ code: 503, message: "Service Unavailable" }, 503)) as unknown as typeof fetch);
    expect(await down.suggest("1 place Bellec", 5)).toBeNull();
    const nowhere = geocoder((async () => json({}, 500)) as unknown as typeof fetch);
    expect(await nowhere.locate("somewhere without a postcode")).toBeNull();
  });

  it("suggestions split the BAN's features into line, postcode and town", async () => {
    const ban = geocoder((async () => json(ROYALE)) as unknown as typeof fetch);
    expect(await ban.suggest("12 rue roy", 5)).toEqual([
      { label: "12 Rue Royale 69001 Lyon", line: "12 Rue Royale", zip: "69001", city: "Lyon", citycode: "69381", point: { lat: 45.7702, lng: 4.835 }, precision: "address" },
    ]);
  });
});
