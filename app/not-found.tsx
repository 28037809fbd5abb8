import Link from "next/link";
import { PortalShell } from "@/components/shell/portal-shell";
import { PublicShell } from "@/components/shell/public-shell";
import { getCustomerSession } from "@/lib/auth/session";
import { getI18n } from "@/lib/i18n/server";

/** Unknown URLs and notFound() anywhere: inside the portal's shell for a signed-in customer. */
export default async function NotFound() {
  const { t } = await getI18n();
  const session = await getCustomerSession().catch(() => null);
  const body = (
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
  return session ? <PortalShell contactId={session.contactId}>{body}</PortalShell> : <PublicShell>{body}</PublicShell>;
}
