import { z } from "zod";
import { communeByCode, departementByCode, type Commune, type GeoPoint } from "./communes";

/**
 * Where the company works: listed communes (INSEE codes; a city's code covers its arrondissements),
 * whole départements, and/or a radius around each technician's home base. An address is inside
 * when any of the three says so. The staff console edits it (lib/settings), the demo seeds it.
 */
export type ServiceArea = {
  /** INSEE codes. */
  communes: string[];
  /** "69", "2A", "971". */
  departements: string[];
  /** Around each technician's home base; null: no radius. */
  radiusKm: number | null;
};

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle (haversine) distance in km. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const toRad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const AREA_MESSAGES = {
  commune: (code: string) => `Commune inconnue : ${code} n'est pas un code INSEE de commune en vigueur.`,
  departement: (code: string) => `Département inconnu : ${code} (exemples : 69, 2A, 971).`,
  radius: "Le rayon s'exprime en kilomètres, entre 1 et 500.",
  empty: "Indiquez au moins une commune, un département ou un rayon autour des techniciens.",
} as const;

/** The area as the settings store and edit it; codes are checked against the official lists. */
export const serviceAreaSchema = z
  .object({
    communes: z.array(z.string().trim().toUpperCase()).max(2000, "2 000 communes au plus : indiquez plutôt leurs départements.").default([]),
    departements: z.array(z.string().trim().toUpperCase()).max(120).default([]),
    radiusKm: z.number({ error: AREA_MESSAGES.radius }).min(1, AREA_MESSAGES.radius).max(500, AREA_MESSAGES.radius).nullable().default(null),
  })
  .superRefine((area, ctx) => {
    area.communes.forEach((code, i) => {
      if (!communeByCode(code)) ctx.addIssue({ code: "custom", path: ["communes", i], message: AREA_MESSAGES.commune(code) });
    });
    area.departements.forEach((code, i) => {
      if (!departementByCode(code)) ctx.addIssue({ code: "custom", path: ["departements", i], message: AREA_MESSAGES.departement(code) });
    });
    if (area.communes.length === 0 && area.departements.length === 0 && area.radiusKm === null) ctx.addIssue({ code: "custom", path: [], message: AREA_MESSAGES.empty });
  })
  .transform((area) => ({ ...area, communes: [...new Set(area.communes)], departements: [...new Set(area.departements)] }));

/**
 * Inside the area: the commune (or the city its arrondissement belongs to) is listed, or its
 * département is, or — with a radius — the address's point (the commune's centre when it has none)
 * is within the radius of some technician's base.
 */
export function isInServiceArea(input: { commune: Commune; point: GeoPoint | null }, area: ServiceArea, bases: readonly GeoPoint[]): boolean {
  const { commune } = input;
  if (area.communes.includes(commune.code) || (commune.parent !== null && area.communes.includes(commune.parent))) return true;
  if (area.departements.includes(commune.departement)) return true;
  if (area.radiusKm === null) return false;
  const point = input.point ?? commune.centre;
  return bases.some((b) => distanceKm(b, point) <= area.radiusKm!);
}

/** "le Rhône (69)", "l'Ain (01)", "la Loire (42)", "les Bouches-du-Rhône (13)", "Paris (75)": INSEE's article (TNCC). */
function departementPhrase(code: string): string {
  const d = departementByCode(code);
  return d ? `${d.article}${d.name} (${code})` : code;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} et ${items.at(-1)}`;
}

/**
 * The area in a French phrase, for the "outside the area" message: "le Rhône (69)",
 * "Lyon, Villeurbanne et 22 autres communes", "30 km autour de nos techniciens", joined.
 */
export function describeServiceArea(area: ServiceArea): string {
  const items: string[] = [];
  const departements = area.departements.map(departementPhrase);
  items.push(...(departements.length > 3 ? [...departements.slice(0, 2), `${departements.length - 2} autres départements`] : departements));
  const communes = area.communes.map((c) => communeByCode(c)).filter((c): c is Commune => c !== null);
  // A city and its arrondissements are one town; the biggest towns are named first.
  const towns = [...new Set(communes.sort((a, b) => b.population - a.population).map((c) => c.city))];
  items.push(...(towns.length > 3 ? [...towns.slice(0, 2), `${towns.length - 2} autres communes`] : towns));
  if (area.radiusKm !== null) items.push(`${area.radiusKm} km autour de nos techniciens`);
  return list(items);
}
