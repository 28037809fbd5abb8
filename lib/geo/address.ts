import { ADDRESS_MESSAGES, mentionsAbroad } from "./address-format";
import { communeIndex, communesForPostalCode, type Commune } from "./communes";
import { words } from "./text";

export type AddressCheck = { ok: true; commune: Commune } | { ok: false; field: "line" | "zip" | "city"; message: string };

/** The typed town without what people add to it: "Lyon 3e", "Lyon 3ème arrondissement", "Lyon Cedex 03". */
function townBase(city: string): { base: string; cedex: boolean } {
  const w = words(city);
  const cedex = / cedex( \d+)?$/.test(w);
  const base = w
    .replace(/ cedex( \d+)?$/, "")
    .replace(/ (\d{1,2})( ?(e|er|eme|ieme|ere))?( arrondissement)?$/, "")
    .trim();
  return { base, cedex };
}

/** Is `base` (a typed town) this commune? Its name, its city (arrondissements), a former commune's name, or the leading words of a long name ("Caluire", "Sainte-Foy"). */
function names(commune: Commune, base: string): boolean {
  const candidates = [words(commune.name), words(commune.city)];
  if (candidates.some((n) => n === base || (base.length >= 4 && n.startsWith(`${base} `)))) return true;
  const aliases = communeIndex().byName.get(base) ?? [];
  return aliases.some((c) => c.code === commune.code || (commune.parent !== null && c.code === commune.parent));
}

/** The communes a typed town may be, anywhere in France (exact names first). */
function communesNamed(base: string): Commune[] {
  const exact = communeIndex().byName.get(base);
  if (exact && exact.length > 0) return [...exact];
  if (base.length < 4) return [];
  return communeIndex()
    .names.filter((n) => n.key.startsWith(`${base} `))
    .map((n) => n.commune);
}

/** The département a postcode belongs to ("69003" → "69", "20000" → "2A"/"2B", "97100" → "971"). */
function departementsOfZip(zip: string): string[] {
  if (zip.startsWith("97") || zip.startsWith("98")) return [zip.slice(0, 3)];
  if (zip.startsWith("20")) return ["2A", "2B"];
  return [zip.slice(0, 2)];
}

/**
 * Is this typed address a French one, with a postcode of its town? Every French commune (and the
 * municipal arrondissements of Paris, Lyon and Marseille: "69003 Lyon" is Lyon 3e). Tolerates
 * accents, hyphens, apostrophes, "St-"/"Saint-", "Lyon 3e", "Cedex". Says which field is wrong, in
 * French. Whether the commune is in the service area is `isInServiceArea`'s question.
 */
export function checkFrenchAddress(address: { line: string; zip: string; city: string }): AddressCheck {
  if (mentionsAbroad(address.city)) return { ok: false, field: "city", message: ADDRESS_MESSAGES.abroad };
  if (mentionsAbroad(address.line)) return { ok: false, field: "line", message: ADDRESS_MESSAGES.abroad };
  const zip = address.zip.replace(/\s/g, "");
  if (!/^\d{5}$/.test(zip)) return { ok: false, field: "zip", message: ADDRESS_MESSAGES.format };
  if (words(address.line).length < 3) return { ok: false, field: "line", message: ADDRESS_MESSAGES.format };
  const typed = address.city.trim();
  const { base, cedex } = townBase(typed);
  if (!base) return { ok: false, field: "city", message: ADDRESS_MESSAGES.format };
  const byZip = communesForPostalCode(zip);
  const match = byZip.find((c) => names(c, base));
  if (match) return { ok: true, commune: match };
  const named = communesNamed(base);
  // A Cedex postcode belongs to a company or a post office box, not to the town's list: the town,
  // in the postcode's département, is enough.
  if (cedex || byZip.length === 0) {
    const inDepartement = named.filter((c) => departementsOfZip(zip).includes(c.departement));
    if (cedex && inDepartement.length > 0) return { ok: true, commune: inDepartement[0]! };
  }
  if (byZip.length > 0) return { ok: false, field: "zip", message: ADDRESS_MESSAGES.zipOfOtherTown(zip, byZip[0]!.city, typed) };
  if (named.length > 0) {
    const town = named[0]!;
    const zips = town.parent ? (communeIndex().byCode.get(town.parent)?.postcodes ?? town.postcodes) : town.postcodes;
    return { ok: false, field: "zip", message: ADDRESS_MESSAGES.zipNotOfTown(zip, town.city, zips) };
  }
  return { ok: false, field: "zip", message: ADDRESS_MESSAGES.unknownZip(zip) };
}
