import type { Metadata, Viewport } from "next";
import { Suspense, type ReactNode } from "react";
import { DemoBanner } from "@/components/demo-banner";
import { ErrorMessagesProvider } from "@/components/shell/error-messages";
import { clientMessages } from "@/lib/i18n/messages";
import { getI18n } from "@/lib/auth/locale";
import { getSettings } from "@/lib/settings";
import "./globals.css";

const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#12468a"/><path d="M18 4 8 18h7l-2 10 11-15h-7l1-9z" fill="#ffc933"/></svg>',
)}`;

export async function generateMetadata(): Promise<Metadata> {
  const [{ t }, { company }] = await Promise.all([getI18n(), getSettings()]);
  // The company's trade name from the console's settings; until it is entered, the portal's name alone.
  const brand = company ? ` — ${company.tradeName}` : "";
  return {
    title: { default: `${t("shell.portal")}${brand}`, template: `%s${brand || ` — ${t("shell.portal")}`}` },
    robots: { index: false, follow: false },
    // The brand's bolt, inline: no extra request, no 404 for /favicon.ico.
    icons: { icon: FAVICON },
  };
}

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#12468a",
};

/**
 * The document: language, skip link, démo banner. Each route group brings its frame
 * (components/shell: PortalShell signed in, PublicShell otherwise), which holds main#contenu.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale, t } = await getI18n();
  return (
    <html lang={locale}>
      <body className="flex min-h-screen flex-col">
        <a
          href="#contenu"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:font-semibold focus:text-brand-700 focus:shadow"
        >
          {t("shell.skipLink")}
        </a>
        <Suspense fallback={null}>
          <DemoBanner />
        </Suspense>
        <ErrorMessagesProvider messages={clientMessages(locale).errors}>{children}</ErrorMessagesProvider>
      </body>
    </html>
  );
}
