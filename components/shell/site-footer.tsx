import Link from "next/link";
import type { ReactNode } from "react";
import { getI18n } from "@/lib/auth/locale";
import { LanguageSwitcher } from "./language-switcher";

/** `companyName`: the trade name from the console's settings; null until entered (no tagline then). */
export async function SiteFooter({ companyName, children, className = "" }: { companyName: string | null; children?: ReactNode; className?: string }) {
  const { t } = await getI18n();
  return (
    <footer className={`border-t border-slate-200 bg-white ${className}`}>
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between">
        {companyName ? <p>{t("shell.tagline", { name: companyName })}</p> : <span />}
        <div className="flex flex-wrap items-center gap-4">
          <Link href="/confidentialite" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-2">
            {t("shell.privacy")}
          </Link>
          <LanguageSwitcher />
          {children}
        </div>
      </div>
    </footer>
  );
}
