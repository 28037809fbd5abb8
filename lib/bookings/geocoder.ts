import type { GeoPoint } from "./availability";

/** Address → coordinates. The booking flow depends on this interface only, so a real geocoder
 * (e.g. the French Base Adresse Nationale) can replace the static one without touching the engine. */
export interface Geocoder {
  geocode(address: string): Promise<GeoPoint | null>;
}

export interface KnownTown {
  city: string;
  zip: string;
  lat: number;
  lng: number;
}

function normalize(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/**
 * A geocoder over a fixed list of towns (the sandbox's seed towns): the postcode wins, then the town
 * name as a whole word. Town-level precision is enough for drive-time estimates across a metro area.
 */
export function createStaticGeocoder(towns: readonly KnownTown[]): Geocoder {
  const byZip = new Map(towns.map((t) => [t.zip, t] as const));
  // Longest names first, so "Sainte-Foy-lès-Lyon" is not read as "Lyon".
  const byName = [...towns].map((t) => ({ town: t, name: normalize(t.city) })).sort((a, b) => b.name.length - a.name.length);
  return {
    async geocode(address) {
      for (const zip of address.match(/\b\d{5}\b/g) ?? []) {
        const town = byZip.get(zip);
        if (town) return { lat: town.lat, lng: town.lng };
      }
      const text = ` ${normalize(address)} `;
      const hit = byName.find(({ name }) => text.includes(` ${name} `));
      return hit ? { lat: hit.town.lat, lng: hit.town.lng } : null;
    },
  };
}
