"use client";

import { NextIntlClientProvider } from "next-intl";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";
import { TIME_ZONE } from "@/lib/i18n/config";
import type { Messages } from "@/lib/i18n/messages";

/**
 * next-intl for client components (error boundaries). Imported from a client module, the provider
 * takes everything explicitly and never looks for next-intl's request config, which this app does
 * not use (see lib/i18n/server.ts).
 */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Partial<Messages>; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone={TIME_ZONE}>
      {children}
    </NextIntlClientProvider>
  );
}
