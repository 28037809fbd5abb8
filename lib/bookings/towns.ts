import type { KnownTown } from "./geocoder";

/** Towns of the service area (Lyon metropolis) for the static geocoder: town-level precision. */
export const SERVICE_AREA_TOWNS: readonly KnownTown[] = [
  { city: "Lyon", zip: "69001", lat: 45.7676, lng: 4.8344 },
  { city: "Lyon", zip: "69002", lat: 45.7505, lng: 4.8275 },
  { city: "Lyon", zip: "69003", lat: 45.7597, lng: 4.8516 },
  { city: "Lyon", zip: "69004", lat: 45.7787, lng: 4.8270 },
  { city: "Lyon", zip: "69005", lat: 45.7600, lng: 4.8010 },
  { city: "Lyon", zip: "69006", lat: 45.7700, lng: 4.8520 },
  { city: "Lyon", zip: "69007", lat: 45.7450, lng: 4.8430 },
  { city: "Lyon", zip: "69008", lat: 45.7350, lng: 4.8690 },
  { city: "Lyon", zip: "69009", lat: 45.7740, lng: 4.8050 },
  { city: "Villeurbanne", zip: "69100", lat: 45.7719, lng: 4.8902 },
  { city: "Vénissieux", zip: "69200", lat: 45.6975, lng: 4.8856 },
  { city: "Caluire-et-Cuire", zip: "69300", lat: 45.7953, lng: 4.8469 },
  { city: "Bron", zip: "69500", lat: 45.7386, lng: 4.9127 },
  { city: "Écully", zip: "69130", lat: 45.7747, lng: 4.7769 },
  { city: "Tassin-la-Demi-Lune", zip: "69160", lat: 45.7631, lng: 4.7523 },
  { city: "Oullins-Pierre-Bénite", zip: "69600", lat: 45.7145, lng: 4.8075 },
  { city: "Sainte-Foy-lès-Lyon", zip: "69110", lat: 45.7339, lng: 4.8025 },
  { city: "Décines-Charpieu", zip: "69150", lat: 45.7689, lng: 4.9589 },
  { city: "Meyzieu", zip: "69330", lat: 45.7667, lng: 5.0036 },
  { city: "Saint-Priest", zip: "69800", lat: 45.6964, lng: 4.9441 },
  { city: "Vaulx-en-Velin", zip: "69120", lat: 45.7786, lng: 4.9200 },
  { city: "Rillieux-la-Pape", zip: "69140", lat: 45.8206, lng: 4.8983 },
  { city: "Francheville", zip: "69340", lat: 45.7364, lng: 4.7636 },
  { city: "Craponne", zip: "69290", lat: 45.7450, lng: 4.7233 },
];

/** Lower case, no accents, words separated by one space. */
function words(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Countries a customer may write instead of France (French and English names). */
const FOREIGN_COUNTRIES = [
  "belgique", "belgium", "suisse", "switzerland", "schweiz", "allemagne", "germany", "deutschland", "espagne", "spain", "espana",
  "italie", "italy", "italia", "luxembourg", "monaco", "andorre", "andorra", "royaume uni", "united kingdom", "uk", "angleterre", "england",
  "pays bas", "netherlands", "portugal", "etats unis", "usa", "united states", "canada", "maroc", "morocco", "algerie", "tunisie",
];

export const ADDRESS_MESSAGES = {
  abroad: "Nous intervenons uniquement en France, dans la métropole de Lyon : indiquez une adresse en France.",
  zipOfOtherTown: (zip: string, town: string, typed: string) => `Le code postal ${zip} est celui de ${town}, pas de ${typed}. Vérifiez le code postal ou la ville.`,
  zipNotOfTown: (zip: string, town: string, zips: readonly string[]) => `Le code postal ${zip} ne correspond pas à ${town} (${zips.join(", ")}). Vérifiez le code postal.`,
  unknown: "Cette adresse est hors de notre zone d'intervention (métropole de Lyon) ou n'a pas été trouvée : vérifiez le code postal et la ville.",
  format: "Indiquez l'adresse complète : numéro et rue, code postal à 5 chiffres, ville (exemple : 12 rue Royale, 69001 Lyon).",
} as const;

/** Does this text name a country other than France ("…, 1000 Bruxelles, Belgique")? */
export function mentionsAbroad(text: string): boolean {
  const padded = ` ${words(text)} `;
  return FOREIGN_COUNTRIES.some((c) => padded.includes(` ${c} `));
}

export type TownCheck = { ok: true; town: KnownTown } | { ok: false; field: "line" | "zip" | "city"; message: string };

/**
 * Is this typed address a French one, with a postcode of its town, inside the service area? Pure
 * (the form and the server run the same check). The town is the postcode's when the names agree;
 * "Lyon 3e" is Lyon, and the leading words of a long name ("Caluire", "Sainte-Foy") are enough.
 */
export function checkServiceAreaTown(address: { line: string; zip: string; city: string }, towns: readonly KnownTown[] = SERVICE_AREA_TOWNS): TownCheck {
  const city = words(address.city);
  if (mentionsAbroad(address.city)) return { ok: false, field: "city", message: ADDRESS_MESSAGES.abroad };
  if (mentionsAbroad(address.line)) return { ok: false, field: "line", message: ADDRESS_MESSAGES.abroad };
  const cityBase = city.replace(/ (\d{1,2})( ?(e|er|eme|ieme))?( arrondissement)?$/, "").replace(/ cedex( \d+)?$/, "");
  const isTown = (t: KnownTown) => {
    const name = words(t.city);
    return cityBase === name || (cityBase.length >= 4 && name.startsWith(`${cityBase} `));
  };
  const byZip = towns.find((t) => t.zip === address.zip);
  if (byZip) return isTown(byZip) ? { ok: true, town: byZip } : { ok: false, field: "zip", message: ADDRESS_MESSAGES.zipOfOtherTown(address.zip, byZip.city, address.city.trim()) };
  const named = towns.filter(isTown);
  if (named.length > 0) return { ok: false, field: "zip", message: ADDRESS_MESSAGES.zipNotOfTown(address.zip, named[0]!.city, named.map((t) => t.zip)) };
  return { ok: false, field: "zip", message: ADDRESS_MESSAGES.unknown };
}
