import { parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js";

/**
 * The one rule for phone numbers: what people type or HubSpot stores → E.164, whether an SMS can
 * reach it, how to show it. Pure and without a server-only import: the sign-in and account forms'
 * zod schemas run it in the browser too.
 *
 * libphonenumber-js's default ("min") metadata checks lengths, not number ranges; the precise sets
 * ("max", "mobile") would add 65–95 kB to those forms and refuse 07 numbers the national plan
 * allows but that are not yet allocated.
 */

// Digits and the separators people type; letters (vanity numbers), slashes and text are refused
// before libphonenumber, which would otherwise pick a number out of any text.
const PHONE_SHAPE = /^\+?[\d\s.\-()]{6,25}$/;

function parse(raw: string): PhoneNumber | undefined {
  const cleaned = raw.normalize("NFKC").trim().replace(/^00/, "+");
  if (!PHONE_SHAPE.test(cleaned)) return undefined;
  const phone = parsePhoneNumberFromString(cleaned, "FR");
  return phone?.isValid() ? phone : undefined;
}

/**
 * E.164 ("+33612345678") for a number typed the French way (`06 12 34 56 78`, `+33 6…`,
 * `0033 6…`, `+33 (0)6…`) or international (`+32 470…`, `0032 470…`); null when it is not a number.
 */
export function toE164(raw: string | null | undefined): string | null {
  if (!raw) return null;
  return parse(raw)?.number ?? null;
}

/**
 * Can this number receive an SMS? French numbers by the national plan: 06 and 07 are mobiles,
 * 01–05 are landlines, 08 special rates, 09 internet boxes. Elsewhere, refused only when
 * libphonenumber knows the number is of another type (a UK landline, a Réunion landline…).
 */
export function isMobile(raw: string | null | undefined): boolean {
  const phone = raw ? parse(raw) : undefined;
  if (!phone) return false;
  if (phone.countryCallingCode === "33") return /^[67]/.test(phone.nationalNumber);
  const type = phone.getType();
  return type === undefined || type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE";
}

/** E.164 of a number an SMS can reach (see `isMobile`), else null: the only SMS destination. */
export function toMobileE164(raw: string | null | undefined): string | null {
  return isMobile(raw) ? toE164(raw) : null;
}

/** A number as people read it: "06 12 34 56 78" for France, international format otherwise. */
export function displayPhone(e164OrRaw: string | null): string | null {
  if (!e164OrRaw) return null;
  const phone = parsePhoneNumberFromString(e164OrRaw, "FR");
  if (!phone || !phone.isValid()) return e164OrRaw;
  return phone.country === "FR" ? phone.formatNational() : phone.formatInternational();
}
