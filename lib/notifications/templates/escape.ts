import "server-only";

/** Every interpolated value in HTML goes through this: text and attribute contexts alike. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Only http(s) URLs become links: a `javascript:` URL in data must never be clickable. */
export function safeHref(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("Only http(s) links are allowed in emails");
  return escapeHtml(parsed.toString());
}

/** Subjects are single-line header values. */
export function oneLine(value: string, max = 200): string {
  const flat = value.replace(/[\r\n\t]+/g, " ").replace(/\s{2,}/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

// GSM 03.38 basic character set (+ the extension table): an SMS in it costs 160 chars per segment,
// one character outside it switches the whole message to UCS-2 (70 chars per segment).
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED = "^{}\\[~]|€\f";
const GSM7 = new Set([...GSM7_BASIC, ...GSM7_EXTENDED]);

export function isGsm7(text: string): boolean {
  return [...text].every((c) => GSM7.has(c));
}

const FALLBACKS: Record<string, string> = {
  â: "a", ê: "e", ë: "e", î: "i", ï: "i", ô: "o", û: "u", ç: "c", œ: "oe", Œ: "OE", À: "A", Â: "A",
  È: "E", Ê: "E", Ë: "E", Î: "I", Ï: "I", Ô: "O", Ù: "U", Û: "U", "’": "'", "‘": "'", "“": '"', "”": '"',
  "«": '"', "»": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " ", "\u202f": " ",
};

/** Free text for an SMS: French accents GSM-7 lacks become their base letter, the rest is dropped. */
export function toGsm7(text: string): string {
  return [...text.normalize("NFC")]
    .map((c) => (GSM7.has(c) ? c : (FALLBACKS[c] ?? (c.normalize("NFD").replace(/\p{M}/gu, "").split("").every((x) => GSM7.has(x)) ? c.normalize("NFD").replace(/\p{M}/gu, "") : "?"))))
    .join("");
}
