import type { Metadata } from "next";
import { PrivacyContent } from "@/components/account/privacy-content";
import { PublicShell } from "@/components/shell/public-shell";
import { getI18n } from "@/lib/auth/locale";
import { companyView, getSettings } from "@/lib/settings";

export async function generateMetadata(): Promise<Metadata> {
  const { locale } = await getI18n();
  return { title: locale === "en" ? "Your personal data" : "Vos données personnelles" };
}

/** Public: linked from the footer of every page (sign-in included) and from Compte. */
export default async function PrivacyPage() {
  const [{ locale }, { company }] = await Promise.all([getI18n(), getSettings()]);
  return (
    <PublicShell>
      <PrivacyContent locale={locale} company={company && companyView(company)} />
    </PublicShell>
  );
}
