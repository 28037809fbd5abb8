import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { createTranslator } from "next-intl";
import { createFormat } from "./format";
import { getCustomerSession } from "@/lib/auth/session";
import { isLocale, LOCALE_COOKIE, resolveLocale, type Locale } from "./config";
import { MESSAGES } from "./messages";

/**
 * The locale of this request (rules in config.ts `resolveLocale`), once per request.
 * next-intl runs here without its Next.js plugin (no `next-intl/config` alias, no locale in the
 * URL): server components translate with `getI18n()`, client components under the root layout's
 * provider with `useTranslations`.
 */
export const getLocale = cache(async (): Promise<Locale> => {
  const jar = await cookies();
  const cookie = jar.get(LOCALE_COOKIE)?.value;
  // The cookie decides first: skip the session check (a database read) when it is there.
  if (isLocale(cookie)) return cookie;
  // A broken session store must not take the whole page down just to pick a language.
  const session = await getCustomerSession().catch(() => null);
  // Accept-Language is deliberately not consulted: the portal is French by default (the
  // sign-in pages are French only), English is a choice (switcher) or the contact's preference.
  return resolveLocale({ session: session?.locale });
});

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

/** Translator and formatters for the request's locale. */
export const getI18n = cache(async () => {
  const locale = await getLocale();
  return { locale, t: translatorFor(locale), format: createFormat(locale) };
});

export type I18n = Awaited<ReturnType<typeof getI18n>>;
export type Translator = I18n["t"];
