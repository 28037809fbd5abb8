import Link from "next/link";
import { getI18n } from "@/lib/auth/locale";

/** The French (or English) "page not found" panel with the way back to the dashboard. */
export async function NotFoundBody() {
  const { t } = await getI18n();
  return (
    <section aria-labelledby="introuvable-titre" className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h1 id="introuvable-titre" className="text-xl font-semibold text-brand-900">
        {t("errors.notFoundTitle")}
      </h1>
      <p className="mt-2 text-slate-700">{t("errors.notFoundBody")}</p>
      <Link href="/" className="mt-4 inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4">
        {t("errors.backHome")}
      </Link>
    </section>
  );
}
