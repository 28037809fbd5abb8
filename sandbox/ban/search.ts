import { communeIndex, searchCommunes, type Commune } from "@/lib/geo/communes";
import { words } from "@/lib/geo/text";
import { TOWNS } from "@/sandbox/seed/data";

/**
 * The Base Adresse Nationale's search (IGN's Géoplateforme, `GET /geocodage/search`), answered
 * offline: the communes of France (lib/geo's official list) as `municipality` results, and the
 * demo towns' streets (sandbox/seed) as `street` / `housenumber` results. Same parameters and
 * GeoJSON shape as the real service: `q` (3 to 200 characters, starting with a letter or a digit),
 * `limit` (1 to 50, default 10), `autocomplete` (0/1, default 1), `index` (address), `postcode`,
 * `citycode`, `type` (housenumber, street, locality, municipality). A street outside the demo
 * towns is unknown here (the real BAN knows every one): its commune answers.
 */

export interface BanSearchResult {
  status: number;
  body: unknown;
}

type FeatureType = "housenumber" | "street" | "locality" | "municipality";
interface Candidate {
  type: FeatureType;
  commune: Commune;
  street?: string;
  housenumber?: string;
  lat: number;
  lng: number;
  score: number;
}

const error = (message: string): BanSearchResult => ({ status: 400, body: { code: 400, message, detail: [message] } });

/** Streets of the demo towns, placed around their town's centre (stable offsets from the name). */
const STREETS = TOWNS.flatMap((t) =>
  t.streets.map((street, i) => {
    const spread = ((street.length * 37 + i * 11) % 13) - 6;
    return { street, zip: t.zip, city: t.city, lat: t.lat + spread * 0.0007, lng: t.lng + ((i * 5) % 11 - 5) * 0.0009 };
  }),
);

function communeOf(zip: string, city: string): Commune | undefined {
  const list = communeIndex().byPostcode.get(zip) ?? [];
  return list.find((c) => words(c.city) === words(city) || words(c.name) === words(city)) ?? list[0];
}

function feature(c: Candidate) {
  const { commune } = c;
  const name = c.type === "housenumber" ? `${c.housenumber} ${c.street}` : c.type === "municipality" ? commune.city : c.street!;
  const postcode = c.type === "municipality" ? (commune.postcodes[0] ?? "") : (c.commune.postcodes[0] ?? "");
  const departement = communeIndex().departements.get(commune.departement);
  return {
    type: "Feature",
    geometry: { type: "Point", coordinates: [Number(c.lng.toFixed(6)), Number(c.lat.toFixed(6))] },
    properties: {
      label: c.type === "municipality" ? commune.city : `${name} ${postcode} ${commune.city}`,
      score: Number(c.score.toFixed(4)),
      ...(c.housenumber ? { housenumber: c.housenumber } : {}),
      id: `${commune.code}_${c.type === "municipality" ? "" : words(c.street ?? "").replace(/ /g, "")}${c.housenumber ? `_${c.housenumber.padStart(5, "0")}` : ""}`,
      name,
      postcode,
      citycode: commune.code,
      x: 0,
      y: 0,
      city: commune.city,
      ...(commune.parent ? { district: commune.name } : {}),
      context: `${commune.departement}, ${departement?.name ?? ""}`,
      type: c.type,
      importance: Math.min(1, 0.3 + Math.log10(1 + commune.population) / 10),
      ...(c.street && c.type !== "municipality" ? { street: c.street } : {}),
      _type: "address",
    },
  };
}

export function banSearch(params: URLSearchParams): BanSearchResult {
  const q = (params.get("q") ?? "").trim();
  if (q.length < 3 || q.length > 200 || !/^[\p{L}\p{N}]/u.test(q)) return error("q: must contain between 3 and 200 chars and start with a number or a letter");
  const limit = Number(params.get("limit") ?? "10");
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) return error("limit: must be an integer between 1 and 50");
  const autocomplete = params.get("autocomplete") ?? "1";
  if (autocomplete !== "0" && autocomplete !== "1") return error("autocomplete: must be 0 or 1");
  const index = params.get("index") ?? "address";
  if (!index.split(",").every((i) => ["address", "poi", "parcel"].includes(i))) return error("index: must be one of address, poi, parcel");
  const type = params.get("type");
  if (type && !["housenumber", "street", "locality", "municipality"].includes(type)) return error("type: must be one of housenumber, street, locality, municipality");
  const postcode = params.get("postcode");
  if (postcode && !/^\d{5}$/.test(postcode)) return error("postcode: must be a 5-digit code");
  const citycode = params.get("citycode");
  if (citycode && !/^[0-9][0-9AB]\d{3}$/.test(citycode)) return error("citycode: must be an INSEE code");

  const text = ` ${words(q)} `;
  const zip = /\b(\d{5})\b/.exec(q)?.[1];
  const number = /^\s*(\d{1,4})(\s?(bis|ter|[a-d]))?\b/i.exec(q);
  const candidates: Candidate[] = [];
  const complete = autocomplete === "1";
  const lastWord = words(q).split(" ").at(-1) ?? "";

  for (const s of STREETS) {
    const key = words(s.street);
    const hasStreet = text.includes(` ${key} `) || (complete && lastWord.length >= 2 && ` ${key} `.includes(` ${words(q).replace(/^\d+\s*(bis|ter|[a-d])?\s*/, "")}`));
    if (!hasStreet) continue;
    if (zip && zip !== s.zip) continue;
    const commune = communeOf(s.zip, s.city);
    if (!commune) continue;
    const cityNamed = text.includes(` ${words(s.city)} `) || (zip === s.zip);
    const score = 0.6 + (cityNamed ? 0.3 : 0) + (number ? 0.05 : 0);
    candidates.push(
      number
        ? { type: "housenumber", commune, street: capitalize(s.street), housenumber: `${number[1]}${number[3] ? ` ${number[3].toLowerCase()}` : ""}`, lat: s.lat + Number(number[1]) * 0.00001, lng: s.lng, score }
        : { type: "street", commune, street: capitalize(s.street), lat: s.lat, lng: s.lng, score: score - 0.05 },
    );
  }
  // The communes named by the text (a postcode, or a name).
  const named = zip ? (communeIndex().byPostcode.get(zip) ?? []) : searchCommunes(q.replace(/^\s*\d{1,4}\b/, ""), limit);
  for (const commune of named) {
    const exact = text.includes(` ${words(commune.city)} `) || text.includes(` ${words(commune.name)} `);
    candidates.push({ type: "municipality", commune, lat: commune.centre.lat, lng: commune.centre.lng, score: (exact || zip ? 0.5 : 0.4) - (candidates.length > 0 ? 0.1 : 0) });
  }
  const features = candidates
    .filter((c) => !type || c.type === type)
    .filter((c) => !postcode || c.commune.postcodes.includes(postcode))
    .filter((c) => !citycode || c.commune.code === citycode || c.commune.parent === citycode)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(feature);
  return {
    status: 200,
    body: { type: "FeatureCollection", features, query: q },
  };
}

function capitalize(street: string): string {
  return street.charAt(0).toUpperCase() + street.slice(1);
}
