import { words } from "./text";

/**
 * The part of the French-address check the browser can run (no commune list: that one is 8 MB, so
 * the server answers the postcode/town consistency): the messages, a foreign country named, and the
 * shape of a one-line address. Pure.
 */

/** Countries a customer may write instead of France (French and English names). */
const FOREIGN_COUNTRIES = [
  "belgique", "belgium", "suisse", "switzerland", "schweiz", "allemagne", "germany", "deutschland", "espagne", "spain", "espana",
  "italie", "italy", "italia", "luxembourg", "monaco", "andorre", "andorra", "royaume uni", "united kingdom", "uk", "angleterre", "england",
  "pays bas", "netherlands", "portugal", "etats unis", "usa", "united states", "canada", "maroc", "morocco", "algerie", "tunisie",
];

export const ADDRESS_MESSAGES = {
  abroad: "Nous intervenons uniquement en France : indiquez une adresse en France.",
  zipOfOtherTown: (zip: string, town: string, typed: string) => `Le code postal ${zip} est celui de ${town}, pas de ${typed}. Vérifiez le code postal ou la ville.`,
  zipNotOfTown: (zip: string, town: string, zips: readonly string[]) =>
    `Le code postal ${zip} ne correspond pas à ${town} (${zips.slice(0, 6).join(", ")}${zips.length > 6 ? "…" : ""}). Vérifiez le code postal.`,
  unknownZip: (zip: string) => `Le code postal ${zip} n'existe pas en France. Vérifiez-le (5 chiffres, exemple : 69001).`,
  unknownTown: (typed: string) => `Nous ne trouvons pas la commune « ${typed} ». Vérifiez son orthographe ou choisissez une suggestion.`,
  format: "Indiquez l'adresse complète : numéro et rue, code postal à 5 chiffres, ville (exemple : 12 rue Royale, 69001 Lyon).",
  /** The address is French and valid, but not where we work: `area` from describeServiceArea(). */
  outsideArea: (area: string) => `Nous n'intervenons pas encore à cette adresse : notre zone d'intervention couvre ${area}. Appelez-nous si vous avez un doute.`,
  /** No area configured yet (a fresh installation): nothing is booked online. */
  noArea: "La réservation en ligne n'est pas encore ouverte : appelez-nous pour prendre rendez-vous.",
} as const;

/** Does this text name a country other than France ("…, 1000 Bruxelles, Belgique")? */
export function mentionsAbroad(text: string): boolean {
  const padded = ` ${words(text)} `;
  return FOREIGN_COUNTRIES.some((c) => padded.includes(` ${c} `));
}

/** "12 rue Royale, 69001 Lyon" (a trailing ", France" allowed) → its street, postcode and town; null when it is not that shape. */
export function splitOneLineAddress(text: string): { line: string; zip: string; city: string } | null {
  const oneLine = text.replace(/\s+/g, " ").trim();
  const parts = /^(.+?)[,\s]+(\d{5})[,\s]+(.+?)(?:,?\s*France)?$/i.exec(oneLine);
  return parts ? { line: parts[1]!.replace(/,$/, ""), zip: parts[2]!, city: parts[3]! } : null;
}
