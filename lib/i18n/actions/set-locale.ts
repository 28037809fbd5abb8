"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { isSecureSite, getEnv } from "@/lib/env";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, LOCALES } from "../config";

const input = z.object({ locale: z.enum(LOCALES) });

/**
 * The language switcher (a plain form, so it works before JavaScript loads). Setting a cookie in
 * an action makes Next re-render the current page: the customer stays where they were.
 * No session needed: the choice belongs to this browser, signed in or not.
 */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const parsed = input.safeParse({ locale: formData.get("locale") });
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, {
    path: "/",
    maxAge: LOCALE_COOKIE_MAX_AGE_S,
    sameSite: "lax",
    httpOnly: true,
    secure: isSecureSite(getEnv().SITE_URL),
  });
}
