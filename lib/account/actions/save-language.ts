"use server";
import "server-only";
import { cookies } from "next/headers";
import { isSecureSite, getEnv } from "@/lib/env";
import { getCustomerSession } from "@/lib/auth/session";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S } from "@/lib/i18n/config";
import { languageSchema } from "../schemas";
import { saveLanguage } from "../save-language";
import { log } from "@/lib/log";

/**
 * Compte → langue: a plain form (works without JavaScript). Saved on the HubSpot contact through
 * the outbox and in this browser's locale cookie; the page re-renders in the new language.
 */
export async function saveLanguageFormAction(formData: FormData): Promise<void> {
  const parsed = languageSchema.safeParse({ language: formData.get("language") });
  if (!parsed.success) return;
  const session = await getCustomerSession();
  if (!session) return;
  try {
    await saveLanguage(session.contactId, parsed.data);
  } catch (error) {
    // The cookie still applies the choice on this device; the outbox write is the part that failed.
    log.error({ action: "account.saveLanguage", err: error }, "language not saved");
  }
  (await cookies()).set(LOCALE_COOKIE, parsed.data.language, {
    path: "/",
    maxAge: LOCALE_COOKIE_MAX_AGE_S,
    sameSite: "lax",
    httpOnly: true,
    secure: isSecureSite(getEnv().SITE_URL),
  });
}
