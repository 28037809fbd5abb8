import { readFileSync } from "node:fs";
import path from "node:path";
import { processSingleton } from "@/lib/process/singleton";
import { words } from "./text";

/**
 * France's communes, offline: the official list (INSEE's Code officiel géographique with La Poste's
 * postcodes, the `@etalab/decoupage-administratif` package, 2026 edition) and a point for each
 * (lib/geo/data/centres.json, built by scripts/build-geo-centres.ts from GeoNames; communes GeoNames
 * lacks get the mean of the neighbours sharing their postcode, else their parent commune's, else
 * their département's). Read from disk on first use, once per process (about 35,000 communes and
 * municipal arrondissements; see bench/README.md for the time and memory).
 *
 * No `server-only` marker: the sandbox (plain Node) answers the BAN's format from it. The browser
 * never imports this file (lib/geo/address-format.ts is the client's part).
 */

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface Commune {
  /** INSEE code ("69123"; a municipal arrondissement has its own: "69383"). */
  code: string;
  /** Official name ("Lyon 3e Arrondissement", "Villefranche-sur-Saône"). */
  name: string;
  /** The town as people write it: the parent commune's name for an arrondissement ("Lyon"). */
  city: string;
  /** Département code: "69", "2A", "971". */
  departement: string;
  postcodes: readonly string[];
  /** For a municipal arrondissement (Paris, Lyon, Marseille): the commune it belongs to. */
  parent: string | null;
  centre: GeoPoint;
  /** The centre is an estimate (no place of its own in the data: see above). */
  centreEstimated: boolean;
  population: number;
}

export interface Departement {
  code: string;
  name: string;
  /** The article its name takes in a sentence: "le ", "la ", "les ", "l'" or "" (INSEE's TNCC). */
  article: string;
}

/** INSEE's "type de nom en clair" → the article in front of the name. */
const ARTICLES = ["", "", "le ", "la ", "les ", "l'", "aux ", "las ", "los "] as const;

interface RawCommune {
  code: string;
  nom: string;
  type: "commune-actuelle" | "commune-deleguee" | "commune-associee" | "arrondissement-municipal";
  departement: string;
  codesPostaux?: string[];
  commune?: string;
  chefLieu?: string;
  population?: number;
}

export interface CommuneIndex {
  byCode: ReadonlyMap<string, Commune>;
  byPostcode: ReadonlyMap<string, readonly Commune[]>;
  /** Every name a commune is known by (its own, its former communes' — communes déléguées and associées), comparable form. */
  names: readonly { key: string; commune: Commune }[];
  byName: ReadonlyMap<string, readonly Commune[]>;
  departements: ReadonlyMap<string, Departement>;
}

const dataDir = () => path.join(process.cwd(), "node_modules", "@etalab", "decoupage-administratif", "data");
const centresFile = () => path.join(process.cwd(), "lib", "geo", "data", "centres.json");

const mean = (points: readonly GeoPoint[]): GeoPoint => ({
  lat: Number((points.reduce((s, p) => s + p.lat, 0) / points.length).toFixed(4)),
  lng: Number((points.reduce((s, p) => s + p.lng, 0) / points.length).toFixed(4)),
});

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Builds the index from the raw lists (exported for the bench and tests; callers use `communeIndex()`). */
export function buildCommuneIndex(raw: readonly RawCommune[], rawDepartements: readonly { code: string; nom: string; typeLiaison?: number }[], centres: Record<string, [number, number]>): CommuneIndex {
  const parents = new Map(raw.filter((c) => c.type === "commune-actuelle").map((c) => [c.code, c] as const));
  const kept = raw.filter((c) => c.type === "commune-actuelle" || c.type === "arrondissement-municipal");
  // Neighbours sharing a postcode, for the communes without a point of their own.
  const pointsByPostcode = new Map<string, GeoPoint[]>();
  const pointsByDepartement = new Map<string, GeoPoint[]>();
  for (const c of kept) {
    const p = centres[c.code];
    if (!p) continue;
    const point = { lat: p[0], lng: p[1] };
    for (const zip of c.codesPostaux ?? []) push(pointsByPostcode, zip, point);
    push(pointsByDepartement, c.departement, point);
  }
  const byCode = new Map<string, Commune>();
  for (const c of kept) {
    const own = centres[c.code];
    const parentCode = c.type === "arrondissement-municipal" ? (c.commune ?? null) : null;
    let centre: GeoPoint | undefined = own ? { lat: own[0], lng: own[1] } : undefined;
    if (!centre) {
      const near = (c.codesPostaux ?? []).flatMap((zip) => pointsByPostcode.get(zip) ?? []);
      const parent = parentCode ? centres[parentCode] : undefined;
      centre = near.length > 0 ? mean(near) : parent ? { lat: parent[0], lng: parent[1] } : mean(pointsByDepartement.get(c.departement) ?? [{ lat: 46.6, lng: 2.4 }]);
    }
    const city = parentCode ? (parents.get(parentCode)?.nom ?? c.nom) : c.nom;
    byCode.set(c.code, {
      code: c.code,
      name: c.nom,
      city,
      departement: c.departement,
      postcodes: c.codesPostaux ?? [],
      parent: parentCode,
      centre,
      centreEstimated: !own,
      population: c.population ?? 0,
    });
  }
  // A postcode of a city with arrondissements names the arrondissement, not the whole city.
  const byPostcode = new Map<string, Commune[]>();
  for (const c of byCode.values()) for (const zip of c.postcodes) push(byPostcode, zip, c);
  for (const [zip, list] of byPostcode) {
    const arrondissementParents = new Set(list.map((c) => c.parent).filter(Boolean));
    if (arrondissementParents.size > 0) byPostcode.set(zip, list.filter((c) => !arrondissementParents.has(c.code)));
  }
  const names: { key: string; commune: Commune }[] = [];
  for (const c of byCode.values()) names.push({ key: words(c.name), commune: c });
  for (const c of raw) {
    if (c.type !== "commune-deleguee" && c.type !== "commune-associee") continue;
    const current = c.chefLieu ? byCode.get(c.chefLieu) : undefined;
    if (current && words(c.nom) !== words(current.name)) names.push({ key: words(c.nom), commune: current });
  }
  const byName = new Map<string, Commune[]>();
  for (const n of names) push(byName, n.key, n.commune);
  // Big towns first in suggestions.
  names.sort((a, b) => b.commune.population - a.commune.population);
  const departements = new Map(rawDepartements.map((d) => [d.code, { code: d.code, name: d.nom, article: ARTICLES[d.typeLiaison ?? 0] ?? "" }] as const));
  return { byCode, byPostcode, names, byName, departements };
}

/** The index, loaded on first use and kept for the process's life. */
export function communeIndex(): CommuneIndex {
  return processSingleton("__duretCommuneIndex", () => {
    const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as unknown;
    return buildCommuneIndex(
      read(path.join(dataDir(), "communes.json")) as RawCommune[],
      read(path.join(dataDir(), "departements.json")) as { code: string; nom: string; typeLiaison?: number }[],
      read(centresFile()) as Record<string, [number, number]>,
    );
  });
}

/** The communes (or arrondissements) a postcode serves; [] when it is none of France's. */
export function communesForPostalCode(zip: string): readonly Commune[] {
  return communeIndex().byPostcode.get(zip.replace(/\s/g, "")) ?? [];
}

export function communeByCode(code: string): Commune | null {
  return communeIndex().byCode.get(code.toUpperCase()) ?? null;
}

export function departementByCode(code: string): Departement | null {
  return communeIndex().departements.get(code.toUpperCase()) ?? null;
}

/**
 * Communes for suggestions: a postcode prefix ("6900") or the start of a name ("villeur",
 * "st foy"), accent- and hyphen-insensitive; bigger towns first.
 */
export function searchCommunes(text: string, limit = 10): Commune[] {
  const query = words(text);
  if (!query) return [];
  const index = communeIndex();
  const found: Commune[] = [];
  const seen = new Set<string>();
  const add = (c: Commune) => {
    if (found.length < limit && !seen.has(c.code)) {
      seen.add(c.code);
      found.push(c);
    }
  };
  if (/^\d{2,5}$/.test(query)) {
    for (const [zip, list] of index.byPostcode) if (zip.startsWith(query)) for (const c of list) add(c);
    return found.sort((a, b) => b.population - a.population).slice(0, limit);
  }
  for (const c of index.byName.get(query) ?? []) add(c);
  // One pass, bigger towns first: names starting with the text, then names with a word starting with it.
  const inside: Commune[] = [];
  for (const n of index.names) {
    if (found.length >= limit) break;
    if (n.key.startsWith(query)) add(n.commune);
    else if (inside.length < limit && n.key.includes(` ${query}`)) inside.push(n.commune);
  }
  for (const c of inside) add(c);
  return found;
}
