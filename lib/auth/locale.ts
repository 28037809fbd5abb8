import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE, resolveLocale, type Locale } from "@/lib/i18n/config";
import { i18nFor } from "@/lib/i18n/server";
import { getCustomerSession } from "./session";

/**
 * The locale of this request (rules in lib/i18n/config.ts `resolveLocale`), once per request: the
 * language cookie, else the signed-in customer's language, else French.
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

/** Translator and formatters for the request's locale. */
export const getI18n = cache(async () => i18nFor(await getLocale()));
