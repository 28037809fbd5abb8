/**
 * Comparable form of a French place name or address: lower case, no accents, "St"/"Ste" spelt out,
 * hyphens, apostrophes and punctuation as single spaces ("Sainte-Foy-lès-Lyon", "ste foy les lyon"
 * and "STE-FOY-LES-LYON" are one). Pure: the browser may use it.
 */
export function words(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/\b(st|ste)\b/g, (m) => (m === "st" ? "saint" : "sainte"))
    .trim();
}
