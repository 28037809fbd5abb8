import type { ReactNode } from "react";
import { getI18n } from "@/lib/auth/locale";
import { getSettings } from "@/lib/settings";
import { Brand } from "./brand";
import { SiteFooter } from "./site-footer";

/**
 * The frame of pages seen signed out (sign-in, not found): header, main, footer with the
 * language switcher. The skip link of the root layout targets #contenu.
 */
export async function PublicShell({ children }: { children: ReactNode }) {
  const [{ t }, { company }] = await Promise.all([getI18n(), getSettings()]);
  const companyName = company?.tradeName ?? null;
  return (
    <div className="flex min-h-screen flex-1 flex-col">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center px-4 py-3">
          <Brand name={companyName ?? t("shell.portal")} portal={companyName ? t("shell.portal") : null} />
        </div>
      </header>
      <main id="contenu" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 focus:outline-none">
        {children}
      </main>
      <SiteFooter companyName={companyName} />
    </div>
  );
}
