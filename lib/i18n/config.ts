/**
 * Locales of the portal. URLs carry no locale prefix (/rendez-vous stays French): the locale is
 * decided per request (lib/i18n/server.ts). Pure module, safe on server and client.
 */
export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "fr";

/** Set by the language switcher; a functional preference, no consent needed. */
export const LOCALE_COOKIE = "locale";
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/** Formats follow the country the business works in: French dates, British English for English. */
export const INTL_LOCALE: Record<Locale, string> = { fr: "fr-FR", en: "en-GB" };
/** Every time the portal shows is Paris time, whatever the server's or the browser's zone. */
export const TIME_ZONE = "Europe/Paris";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best supported locale for an Accept-Language header ("en-GB,en;q=0.9,fr;q=0.8"), or null.
 * Weighted by q; a region ("fr-CA") matches its language; q=0 means "not this one".
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranked = acceptLanguage
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      const weight = q === undefined ? 1 : Number(q);
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked.map((r) => r.language).find(isLocale) ?? null;
}

/**
 * The locale of a request.
 * 1. The switcher's cookie: an explicit choice made in this browser. It comes before the session
 *    because the session's language is fixed at sign-in (it is in the JWT): a signed-in customer
 *    who presses "EN" must see English at once.
 * 2. The session's language (the contact's portal_language in HubSpot): follows the customer to a
 *    new device.
 * 3. The browser's Accept-Language when a caller passes it (the server does not: French by default). 4. French.
 */
export function resolveLocale(input: { cookie?: string | null; session?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.cookie)) return input.cookie;
  if (isLocale(input.session)) return input.session;
  return negotiateLocale(input.acceptLanguage) ?? DEFAULT_LOCALE;
}
