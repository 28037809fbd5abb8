import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBanGeocoder } from "@/lib/geo";
import { openTestDb } from "@/tests/support/db";
import type { DbHandle } from "@/lib/db/client";
import { startSandbox, type TestSandbox } from "./fixtures";

/** The sandbox's copy of the Base Adresse Nationale answers the Géoplateforme's format. */
let t: TestSandbox;
let h: DbHandle;
beforeAll(async () => {
  // The "slow" fault sleeps on the sandbox's clock: an instant one, so nothing waits for real.
  t = await startSandbox({ clock: { now: Date.now, sleep: async () => new Promise((resolve) => setTimeout(resolve, 0)) } });
  h = await openTestDb();
});
afterAll(async () => {
  await t?.sandbox.close();
  await h?.close();
});
beforeEach(async () => {
  await t.control("ban", { mode: "ok" });
});

const search = async (params: Record<string, string>) => {
  const res = await fetch(`${t.sandbox.url}/geocodage/search?${new URLSearchParams(params)}`);
  return { status: res.status, body: (await res.json()) as any };
};

describe("sandbox BAN search", () => {
  it("answers a GeoJSON FeatureCollection: a demo street with its number, postcode, INSEE code, [lon, lat]", async () => {
    const { status, body } = await search({ q: "12 rue Royale 69001 Lyon", limit: "1", autocomplete: "0" });
    expect(status).toBe(200);
    expect(body.type).toBe("FeatureCollection");
    const [f] = body.features;
    expect(f.type).toBe("Feature");
    expect(f.geometry.type).toBe("Point");
    const [lon, lat] = f.geometry.coordinates;
    expect(lon).toBeGreaterThan(4.7);
    expect(lat).toBeGreaterThan(45.7);
    expect(f.properties).toMatchObject({ label: "12 Rue Royale 69001 Lyon", housenumber: "12", street: "Rue Royale", postcode: "69001", citycode: "69381", city: "Lyon", type: "housenumber" });
    expect(f.properties.score).toBeGreaterThan(0.5);
  });

  it("completes a commune anywhere in France, filtered by postcode, citycode and type", async () => {
    const { body } = await search({ q: "Villefranche-sur", type: "municipality", limit: "5" });
    expect(body.features.map((f: any) => f.properties.citycode)).toContain("69264");
    const givors = await search({ q: "Givors", postcode: "69700" });
    expect(givors.body.features[0].properties).toMatchObject({ city: "Givors", citycode: "69091", type: "municipality", postcode: "69700" });
    const none = await search({ q: "Givors", citycode: "33063" });
    expect(none.body.features).toEqual([]);
  });

  it("refuses what the real service refuses", async () => {
    expect((await search({ q: "ab" })).status).toBe(400);
    expect((await search({ q: "Lyon", limit: "51" })).status).toBe(400);
    expect((await search({ q: "Lyon", type: "country" })).status).toBe(400);
  });

  it("fault switch: down → 503, and the portal's geocoder falls back to the commune's centre", async () => {
    expect(await t.control("ban", { mode: "down" })).toMatchObject({ status: 200, body: { mode: "down" } });
    expect((await search({ q: "Lyon" })).status).toBe(503);
    const ban = createBanGeocoder({ baseUrl: `${t.sandbox.url}/geocodage`, timeoutMs: 2000, db: async () => h.db });
    expect(await ban.locate("12 rue Royale, 69001 Lyon")).toMatchObject({ precision: "commune", citycode: "69381" });
    expect(await ban.suggest("12 rue Roy", 5)).toBeNull();
    await t.control("ban", { mode: "ok" });
    expect(await ban.suggest("12 rue Roy", 5)).toEqual(expect.arrayContaining([expect.objectContaining({ line: "12 Rue Royale", zip: "69001", city: "Lyon", precision: "address" })]));
    expect((await t.control("ban", { mode: "sideways" })).status).toBe(400);
  });
});
