import type { Metadata } from "next";
import Link from "next/link";
import { ErasureKept } from "@/components/account/privacy-content";
import { PublicShell } from "@/components/shell/public-shell";
import { ERASED_AFTER_ERASURE } from "@/lib/model/retention";
import { getI18n } from "@/lib/auth/locale";
import { companyView, getSettings } from "@/lib/settings";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getI18n();
  return { title: locale === "en" ? "Account deleted" : "Compte supprimé" };
}

/**
 * Where the customer lands after confirming the erasure (their session is gone, so it is public).
 * It says what was deleted, what is kept and why; it shows no personal data.
 */
export default async function ErasureDonePage() {
  const [{ locale }, settings] = await Promise.all([getI18n(), getSettings()]);
  const company = settings.company && companyView(settings.company);
  const fr = locale === "fr";
  return (
    <PublicShell>
      <article lang={locale} className="mx-auto max-w-3xl space-y-6">
        <h1 className="text-2xl font-bold text-brand-900 sm:text-3xl" tabIndex={-1}>
          {fr ? "Votre compte a été supprimé" : "Your account has been deleted"}
        </h1>
        <p role="status" className="rounded-lg bg-green-50 p-4 font-medium text-green-900">
          {fr
            ? "Vous avez été déconnecté(e) de tous vos appareils. La suppression chez notre logiciel de gestion (HubSpot) se termine dans les minutes qui suivent."
            : "You have been signed out of all your devices. The deletion in our management software (HubSpot) completes within minutes."}
        </p>
        <section aria-labelledby="supprime" className="space-y-2">
          <h2 id="supprime" className="text-xl font-semibold text-brand-900">
            {fr ? "Ce que nous avons supprimé" : "What we deleted"}
          </h2>
          <ul className="list-disc space-y-1 pl-5 text-slate-800">
            {ERASED_AFTER_ERASURE[locale].map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="conserve" className="space-y-2">
          <h2 id="conserve" className="text-xl font-semibold text-brand-900">
            {fr ? "Ce que nous conservons, et pourquoi" : "What we keep, and why"}
          </h2>
          <ErasureKept locale={locale} />
        </section>
        {company && (
          <p className="text-slate-800">
            {fr ? "Une question, ou vous souhaitez redevenir client ? " : "A question, or you want to be a customer again? "}
            <a className="font-semibold text-brand-700 underline" href={`mailto:${company.email}`}>
              {company.email}
            </a>{" "}
            — {company.phone.display}
          </p>
        )}
        <p>
          <Link href="/confidentialite" className="font-semibold text-brand-700 underline underline-offset-2">
            {fr ? "Notre politique de confidentialité" : "Our privacy policy"}
          </Link>
        </p>
      </article>
    </PublicShell>
  );
}
