import { describe, expect, it } from "vitest";
import {
  ADDRESS_MESSAGES,
  checkFrenchAddress,
  communeByCode,
  communesForPostalCode,
  describeServiceArea,
  isInServiceArea,
  searchCommunes,
  serviceAreaSchema,
  type ServiceArea,
} from "@/lib/geo";

const rhone: ServiceArea = { communes: [], departements: ["69"], radiusKm: null };
const ok = (address: { line: string; zip: string; city: string }) => {
  const check = checkFrenchAddress(address);
  if (!check.ok) throw new Error(`refused: ${check.message}`);
  return check.commune;
};

describe("official commune list", () => {
  it("knows every commune with its postcodes and a centre", () => {
    const villefranche = communeByCode("69264")!;
    expect(villefranche).toMatchObject({ name: "Villefranche-sur-Saône", departement: "69", postcodes: ["69400"], parent: null });
    expect(villefranche.centre.lat).toBeCloseTo(45.99, 1);
    expect(communesForPostalCode("69700").map((c) => c.name)).toContain("Givors");
    expect(communeByCode("2A004")?.name).toBe("Ajaccio");
  });

  it("a Lyon postcode names its arrondissement, which belongs to Lyon", () => {
    const [lyon3, ...others] = communesForPostalCode("69003");
    expect(others).toEqual([]);
    expect(lyon3).toMatchObject({ code: "69383", name: "Lyon 3e Arrondissement", city: "Lyon", parent: "69123" });
    expect(communesForPostalCode("75011")[0]).toMatchObject({ code: "75111", city: "Paris" });
    expect(communesForPostalCode("13001")[0]).toMatchObject({ code: "13201", city: "Marseille" });
  });

  it("every commune has a point in France (estimated when the data lacks one)", () => {
    const tiny = communesForPostalCode("69790"); // Monts du Beaujolais villages
    expect(tiny.length).toBeGreaterThan(0);
    for (const c of tiny) {
      expect(c.centre.lat).toBeGreaterThan(45);
      expect(c.centre.lat).toBeLessThan(47);
    }
  });

  it("suggests communes by name or postcode prefix, accents and St- ignored", () => {
    expect(searchCommunes("villeurb", 5)[0]?.name).toBe("Villeurbanne");
    expect(searchCommunes("ste foy les lyon", 5)[0]?.name).toBe("Sainte-Foy-lès-Lyon");
    expect(searchCommunes("ECULLY", 5)[0]?.name).toBe("Écully");
    const byZip = searchCommunes("6900", 20).map((c) => c.code);
    expect(byZip).toContain("69381");
    expect(byZip.every((code) => code.startsWith("693"))).toBe(true);
  });
});

describe("checkFrenchAddress", () => {
  it("accepts any French commune with its postcode", () => {
    expect(ok({ line: "12 rue Nationale", zip: "69400", city: "Villefranche-sur-Saône" }).code).toBe("69264");
    expect(ok({ line: "3 place de la Liberté", zip: "69700", city: "Givors" }).code).toBe("69091");
    expect(ok({ line: "1 cours de l'Intendance", zip: "33000", city: "Bordeaux" }).code).toBe("33063");
  });

  it("reads Lyon 3e, Cedex, St- for Saint-, hyphens and accents", () => {
    expect(ok({ line: "10 cours Lafayette", zip: "69003", city: "Lyon" }).code).toBe("69383");
    expect(ok({ line: "10 cours Lafayette", zip: "69003", city: "Lyon 3e" }).code).toBe("69383");
    expect(ok({ line: "10 cours Lafayette", zip: "69003", city: "LYON 3ème arrondissement" }).code).toBe("69383");
    expect(ok({ line: "BP 1234", zip: "69411", city: "Lyon Cedex 06" }).city).toBe("Lyon");
    expect(ok({ line: "5 rue Roger Salengro", zip: "69800", city: "St Priest" }).code).toBe("69290");
    expect(ok({ line: "5 chemin du Fort", zip: "69110", city: "sainte foy les lyon" }).code).toBe("69202");
    expect(ok({ line: "2 rue de la Gare", zip: "69300", city: "Caluire" }).code).toBe("69034");
    expect(ok({ line: "8 rue Pasteur", zip: "69130", city: "Ecully" }).code).toBe("69081");
  });

  it("says which field is wrong, in French", () => {
    expect(checkFrenchAddress({ line: "10 rue Royale", zip: "69100", city: "Lyon" })).toEqual({ ok: false, field: "zip", message: ADDRESS_MESSAGES.zipOfOtherTown("69100", "Villeurbanne", "Lyon") });
    expect(checkFrenchAddress({ line: "10 rue Royale", zip: "69999", city: "Lyon" })).toMatchObject({ ok: false, field: "zip", message: expect.stringContaining("ne correspond pas à Lyon (69001, 69002") });
    expect(checkFrenchAddress({ line: "10 rue Royale", zip: "00000", city: "Nulle-Part" })).toEqual({ ok: false, field: "zip", message: ADDRESS_MESSAGES.unknownZip("00000") });
    expect(checkFrenchAddress({ line: "10 rue Royale", zip: "6900", city: "Lyon" })).toMatchObject({ ok: false, field: "zip", message: ADDRESS_MESSAGES.format });
  });

  it("refuses an address abroad", () => {
    expect(checkFrenchAddress({ line: "Rue Neuve 1", zip: "10000", city: "Bruxelles, Belgique" })).toEqual({ ok: false, field: "city", message: ADDRESS_MESSAGES.abroad });
    expect(checkFrenchAddress({ line: "12 Bahnhofstrasse, Schweiz", zip: "80010", city: "Zurich" })).toMatchObject({ ok: false, field: "line" });
  });
});

describe("service area", () => {
  const inside = (address: { line: string; zip: string; city: string }, area: ServiceArea, bases = [{ lat: 45.76, lng: 4.84 }]) =>
    isInServiceArea({ commune: ok(address), point: null }, area, bases);

  it("a département covers its communes: Villefranche-sur-Saône and Givors are in the Rhône", () => {
    expect(inside({ line: "12 rue Nationale", zip: "69400", city: "Villefranche-sur-Saône" }, rhone)).toBe(true);
    expect(inside({ line: "3 place de la Liberté", zip: "69700", city: "Givors" }, rhone)).toBe(true);
    expect(inside({ line: "1 cours de l'Intendance", zip: "33000", city: "Bordeaux" }, rhone)).toBe(false);
  });

  it("Lyon's code covers its arrondissements: 69003 Lyon is in an area listing Lyon", () => {
    const lyon: ServiceArea = { communes: ["69123"], departements: [], radiusKm: null };
    expect(inside({ line: "10 cours Lafayette", zip: "69003", city: "Lyon" }, lyon)).toBe(true);
    expect(inside({ line: "1 avenue Henri Barbusse", zip: "69100", city: "Villeurbanne" }, lyon)).toBe(false);
  });

  it("a radius around the technicians' bases, from the address's point or the commune's centre", () => {
    const around: ServiceArea = { communes: [], departements: [], radiusKm: 22 };
    expect(inside({ line: "3 place de la Liberté", zip: "69700", city: "Givors" }, around)).toBe(true); // ~20 km
    expect(inside({ line: "12 rue Nationale", zip: "69400", city: "Villefranche-sur-Saône" }, around)).toBe(false); // ~27 km
    const bordeaux = ok({ line: "1 cours de l'Intendance", zip: "33000", city: "Bordeaux" });
    expect(isInServiceArea({ commune: bordeaux, point: { lat: 45.77, lng: 4.85 } }, around, [{ lat: 45.76, lng: 4.84 }])).toBe(true);
    expect(isInServiceArea({ commune: bordeaux, point: null }, around, [])).toBe(false);
  });

  it("describes the area in French, without naming a town it does not list", () => {
    expect(describeServiceArea(rhone)).toBe("le Rhône (69)");
    expect(describeServiceArea({ communes: ["69123", "69266", "69259", "69034"], departements: [], radiusKm: null })).toBe("Lyon, Villeurbanne et 2 autres communes");
    expect(describeServiceArea({ communes: [], departements: [], radiusKm: 30 })).toBe("30 km autour de nos techniciens");
    expect(describeServiceArea({ communes: [], departements: ["01", "13"], radiusKm: 20 })).toBe("l'Ain (01), les Bouches-du-Rhône (13) et 20 km autour de nos techniciens");
    expect(ADDRESS_MESSAGES.outsideArea(describeServiceArea(rhone))).toBe("Nous n'intervenons pas encore à cette adresse : notre zone d'intervention couvre le Rhône (69). Appelez-nous si vous avez un doute.");
  });

  it("the schema checks codes against the official lists, in French", () => {
    expect(serviceAreaSchema.parse({ communes: ["69123", "69123"], departements: ["2a"], radiusKm: null })).toEqual({ communes: ["69123"], departements: ["2A"], radiusKm: null });
    const bad = serviceAreaSchema.safeParse({ communes: ["69999"], departements: ["99"], radiusKm: null });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toEqual([
      "Commune inconnue : 69999 n'est pas un code INSEE de commune en vigueur.",
      "Département inconnu : 99 (exemples : 69, 2A, 971).",
    ]);
    expect(serviceAreaSchema.safeParse({ communes: [], departements: [], radiusKm: null }).error?.issues[0]?.message).toBe(
      "Indiquez au moins une commune, un département ou un rayon autour des techniciens.",
    );
  });

  it("the demo's communes all exist", () => {
    const demo = ["69123", "69266", "69259", "69034", "69029", "69081", "69244", "69149", "69202", "69275", "69282", "69290", "69256", "69286", "69089", "69069"];
    expect(demo.map((c) => communeByCode(c)?.name)).not.toContain(undefined);
  });
});
