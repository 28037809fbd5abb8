import "server-only";
import { createTranslator } from "next-intl";
import { createFormat } from "./format";
import type { Locale } from "./config";
import { MESSAGES } from "./messages";

/**
 * Translators and formatters for a locale. next-intl runs here without its Next.js plugin (no
 * `next-intl/config` alias, no locale in the URL): server components translate with the request's
 * `getI18n()` (lib/auth/locale.ts, which knows the customer's language), client components under
 * the root layout's provider with `useTranslations`.
 */

function buildTranslator(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale] });
}

/**
 * One translator per locale for the life of the process: it holds no request state, and its cache
 * keeps every message's parsed ICU format (a translator made per request parsed each message it
 * used again on every page view: ≈ 4 % of a signed-in page's server time, bench/load.ts profile).
 */
const translators = new Map<Locale, ReturnType<typeof buildTranslator>>();

function translatorFor(locale: Locale) {
  let t = translators.get(locale);
  if (!t) {
    t = buildTranslator(locale);
    translators.set(locale, t);
  }
  return t;
}

/** Translator and formatters of one locale. */
export function i18nFor(locale: Locale) {
  return { locale, t: translatorFor(locale), format: createFormat(locale) };
}

export type I18n = ReturnType<typeof i18nFor>;
export type Translator = I18n["t"];
