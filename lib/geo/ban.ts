import { and, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { currentDb } from "@/lib/db/current";
import { geocodeCache } from "@/lib/db/schema";
import { splitOneLineAddress } from "./address-format";
import { communesForPostalCode, type Commune, type GeoPoint } from "./communes";
import { words } from "./text";

/**
 * Geocoding with the Base Adresse Nationale, served by IGN's Géoplateforme since 2025
 * (`https://data.geopf.fr/geocodage/search`, the former api-adresse.data.gouv.fr): a GeoJSON
 * FeatureCollection whose features carry `label`, `score`, `type` (housenumber, street, locality,
 * municipality), `housenumber`, `street`, `postcode`, `citycode`, `city`, and a Point [lon, lat].
 * Free, no key, 50 requests/s per IP.
 *
 * Answers are kept in PostgreSQL (`geocode_cache`, shared by every instance): found 90 days, not
 * found 1 day. When the BAN cannot be reached, is slow (`timeoutMs`) or answers something else than
 * its format, the commune's centre from the offline list answers (precision "commune", kept 10
 * minutes as such, never as the BAN's), else null: the caller then makes no drive-time preference
 * and never refuses a valid address for it.
 */

export type GeocodePrecision = "address" | "street" | "commune";

export interface GeocodeResult {
  point: GeoPoint;
  precision: GeocodePrecision;
  /** INSEE code of the commune (of the arrondissement in Paris, Lyon, Marseille). */
  citycode: string;
  postcode: string;
  label: string;
}

/** One suggestion of the BAN's autocompletion, split as the forms want it. */
export interface AddressSuggestion {
  label: string;
  /** Number and street ("12 Rue Royale"); the locality's name for a lieu-dit; "" for a whole commune. */
  line: string;
  zip: string;
  city: string;
  citycode: string;
  point: GeoPoint;
  precision: GeocodePrecision;
}

export interface BanGeocoderOptions {
  /** Up to the API's root: `https://data.geopf.fr/geocodage` (the search is `${baseUrl}/search`). */
  baseUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => Date;
  /** The cache's database (default: the process's). */
  db?: () => Promise<Db>;
}

export interface BanGeocoder {
  /** Address (one line) → where it is, or null (nothing known, not even its commune). */
  locate(address: string): Promise<GeocodeResult | null>;
  /** The same, as the slot engine's `Geocoder` wants it. */
  geocode(address: string): Promise<GeoPoint | null>;
  /** Autocompletion for a form: up to `limit` addresses; null when the BAN cannot answer (the caller falls back). */
  suggest(text: string, limit: number): Promise<AddressSuggestion[] | null>;
}

const DAY_MS = 86_400_000;
export const GEOCODE_TTL_MS = { found: 90 * DAY_MS, notFound: DAY_MS, commune: 10 * 60_000 } as const;
/** Below this score the BAN's best answer is a guess (its own demo page greys those out). */
const MIN_SCORE = 0.4;

const featureSchema = z.object({
  type: z.literal("Feature"),
  geometry: z.object({ type: z.literal("Point"), coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]) }),
  properties: z.object({
    label: z.string(),
    score: z.number(),
    type: z.string(),
    name: z.string().optional(),
    housenumber: z.string().optional(),
    street: z.string().optional(),
    postcode: z.string().optional(),
    citycode: z.string().optional(),
    city: z.string().optional(),
  }),
});
export const banResponseSchema = z.object({ type: z.literal("FeatureCollection"), features: z.array(z.unknown()) });
type BanFeature = z.infer<typeof featureSchema>;

const precisionOf = (type: string): GeocodePrecision => (type === "housenumber" ? "address" : type === "municipality" ? "commune" : "street");

function toSuggestion(f: BanFeature): AddressSuggestion | null {
  const p = f.properties;
  if (!p.postcode || !p.citycode || !p.city) return null;
  const precision = precisionOf(p.type);
  const line = p.type === "municipality" ? "" : p.housenumber && p.street ? `${p.housenumber} ${p.street}` : (p.name ?? p.street ?? "");
  return { label: p.label, line, zip: p.postcode, city: p.city, citycode: p.citycode, point: { lat: f.geometry.coordinates[1], lng: f.geometry.coordinates[0] }, precision };
}

/** The commune a one-line address names (its postcode, and the town when the postcode has several). */
export function communeOfAddress(address: string): Commune | null {
  const split = splitOneLineAddress(address);
  const zip = split?.zip ?? /\b(\d{5})\b/.exec(address)?.[1];
  if (!zip) return null;
  const list = communesForPostalCode(zip);
  if (list.length <= 1) return list[0] ?? null;
  const town = ` ${words(split?.city ?? address.slice(address.indexOf(zip) + 5))} `;
  return list.find((c) => town.includes(` ${words(c.city)} `) || town.includes(` ${words(c.name)} `)) ?? list[0]!;
}

function communeFallback(address: string): GeocodeResult | null {
  const c = communeOfAddress(address);
  const zip = /\b(\d{5})\b/.exec(address)?.[1];
  return c ? { point: c.centre, precision: "commune", citycode: c.code, postcode: zip && c.postcodes.includes(zip) ? zip : (c.postcodes[0] ?? ""), label: `${zip ?? ""} ${c.name}`.trim() } : null;
}

export function createBanGeocoder(options: BanGeocoderOptions): BanGeocoder {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => new Date());
  const db = options.db ?? currentDb;
  const base = options.baseUrl.replace(/\/+$/, "");

  /** One GET of the search; undefined when the BAN could not answer in time or answered off-format. */
  async function search(params: Record<string, string>): Promise<BanFeature[] | undefined> {
    const controller = new AbortController();
    // setTimeout rather than AbortSignal.timeout: tests drive it with fake timers.
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    try {
      const response = await doFetch(`${base}/search?${new URLSearchParams(params)}`, { signal: controller.signal, headers: { accept: "application/json" } });
      if (!response.ok) return undefined;
      const body = banResponseSchema.safeParse(await response.json());
      if (!body.success) return undefined;
      return body.data.features.flatMap((f) => {
        const parsed = featureSchema.safeParse(f);
        return parsed.success ? [parsed.data] : [];
      });
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  async function cached(key: string): Promise<{ result: GeocodeResult | null } | undefined> {
    try {
      const [row] = await (await db())
        .select({ result: geocodeCache.result })
        .from(geocodeCache)
        .where(and(eq(geocodeCache.key, key), gt(geocodeCache.expiresAt, now())))
        .limit(1);
      return row ? { result: (row.result as GeocodeResult | null) ?? null } : undefined;
    } catch {
      return undefined;
    }
  }

  async function remember(key: string, result: GeocodeResult | null, source: "ban" | "commune", ttlMs: number): Promise<void> {
    const at = now();
    const expiresAt = new Date(at.getTime() + ttlMs);
    try {
      await (await db())
        .insert(geocodeCache)
        .values({ key, result, source, createdAt: at, expiresAt })
        .onConflictDoUpdate({ target: geocodeCache.key, set: { result, source, createdAt: at, expiresAt } });
    } catch {
      // The answer stands without its cache row: the next geocoding of this address asks again.
    }
  }

  async function locate(address: string): Promise<GeocodeResult | null> {
    const text = address.replace(/\s+/g, " ").trim();
    if (words(text).length < 3) return null;
    const key = `ban:${words(text)}`;
    const hit = await cached(key);
    if (hit) return hit.result ?? communeFallback(text);
    const zip = /\b(\d{5})\b/.exec(text)?.[1];
    const features = await search({ q: text.slice(0, 200), limit: "1", autocomplete: "0", index: "address", ...(zip ? { postcode: zip } : {}) });
    if (features === undefined) {
      const fallback = communeFallback(text);
      if (fallback) await remember(key, fallback, "commune", GEOCODE_TTL_MS.commune);
      return fallback;
    }
    const best = features[0];
    const suggestion = best && best.properties.score >= MIN_SCORE ? toSuggestion(best) : null;
    if (!suggestion) {
      await remember(key, null, "ban", GEOCODE_TTL_MS.notFound);
      return communeFallback(text);
    }
    const result: GeocodeResult = { point: suggestion.point, precision: suggestion.precision, citycode: suggestion.citycode, postcode: suggestion.zip, label: suggestion.label };
    await remember(key, result, "ban", GEOCODE_TTL_MS.found);
    return result;
  }

  return {
    locate,
    async geocode(address) {
      return (await locate(address))?.point ?? null;
    },
    async suggest(text, limit) {
      const q = text.replace(/\s+/g, " ").trim().slice(0, 200);
      if (q.length < 3) return [];
      const features = await search({ q, limit: String(limit), autocomplete: "1", index: "address" });
      if (features === undefined) return null;
      return features.map(toSuggestion).filter((s): s is AddressSuggestion => s !== null);
    },
  };
}
