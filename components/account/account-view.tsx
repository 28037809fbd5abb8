import type { Customer } from "@/lib/hubspot/types";
import type { I18n } from "@/lib/i18n/server";
import { signOutEverywhereAction } from "@/lib/auth/actions";
import { LanguageSwitcher } from "@/components/shell/language-switcher";
import { personName } from "@/components/status";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";

/** Compte: contact details read-only (editing comes with the account issue), language, sign-out everywhere. */
export function AccountView({ i18n, customer }: { i18n: I18n; customer: Customer }) {
  const { t, format } = i18n;
  const address = [customer.address.line, [customer.address.zip, customer.address.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const rows: [string, string | null, boolean?][] = [
    [t("account.name"), personName(customer)],
    [t("account.email"), customer.email],
    [t("account.phone"), customer.phone],
    [t("account.address"), address || null],
    [t("account.customerCode"), customer.sageCustomerCode, true],
    [t("account.balance"), customer.sageBalanceDue === null ? null : format.money(customer.sageBalanceDue)],
  ];
  return (
    <div className="space-y-6">
      <PageHeader title={t("account.title")} />
      <Card id="coordonnees" title={t("account.details")}>
        <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
          {rows.map(([label, value, mono]) => (
            <div key={label} className="contents">
              <dt className="text-sm text-slate-600">{label}</dt>
              <dd className={`font-medium text-slate-900 ${mono ? "font-mono" : ""} break-words`}>
                {value ?? <span className="font-normal text-slate-600">{t("account.notProvided")}</span>}
              </dd>
            </div>
          ))}
        </dl>
        <p className="mt-4 text-sm text-slate-600">{t("account.detailsHint")}</p>
      </Card>
      <Card id="langue" title={t("account.language")}>
        <p className="mb-3 text-sm text-slate-600">{t("account.languageHint")}</p>
        <LanguageSwitcher />
      </Card>
      <Card id="securite" title={t("account.security")}>
        <p className="mb-3 text-sm text-slate-700">{t("account.signOutEverywhereHint")}</p>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="min-h-11 rounded-lg border border-red-700 bg-white px-4 text-sm font-semibold text-red-700 hover:bg-red-50">
            {t("account.signOutEverywhere")}
          </button>
        </form>
      </Card>
    </div>
  );
}
