import type { ReactNode } from "react";
import Link from "next/link";
import type { Account } from "@/lib/account/get-account";
import { ERASED_AFTER_ERASURE, KEPT_AFTER_ERASURE } from "@/lib/model/retention";
import { displayPhone } from "@/lib/contact/phone";
import { signOutEverywhereAction } from "@/lib/auth/actions/sign-out";
import type { I18n } from "@/lib/i18n/server";
import { MESSAGES } from "@/lib/i18n/messages";
import { I18nProvider } from "@/components/i18n-provider";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { AddressesSection } from "./addresses-section";
import { DetailsForm } from "./details-form";
import { ErasureSection } from "./erasure-section";
import { ExportSection } from "./export-section";
import { LanguageForm } from "./language-form";
import { PreferencesForm } from "./preferences-form";
import { Money } from "@/components/ui/money";

/** The page's sections, in order: their card id and the title key; the table of contents links to their headings. */
export const ACCOUNT_SECTIONS = [
  ["coordonnees", "account.details"],
  ["facturation", "account.sageTitle"],
  ["adresses", "account.addresses"],
  ["langue", "account.language"],
  ["notifications", "account.notifications"],
  ["securite", "account.security"],
  ["mes-donnees", "account.data"],
  ["suppression", "account.erase"],
] as const;

/**
 * « Sur cette page »: the account page is long on a phone (≈ 4,900 px); links to each section's
 * heading (Card gives it the id `<id>-titre`).
 */
export function OnThisPage({ label, sections }: { label: string; sections: { id: string; title: string }[] }) {
  return (
    <nav aria-label={label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-sm font-semibold text-slate-900">{label}</p>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1">
        {sections.map((section) => (
          <li key={section.id}>
            <a href={`#${section.id}-titre`} className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline underline-offset-2">
              {section.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * Compte: contact details (editable; a new email/phone confirmed by code), Sage fields read-only,
 * addresses, language, notification preferences, security, data export and erasure.
 * The interactive parts are client components under their own translations provider.
 */
export function AccountView({ i18n, account }: { i18n: I18n; account: Account }) {
  const { t, format, locale } = i18n;
  const { customer } = account;
  const changeCodes = account.pendingCodes.filter((c): c is typeof c & { purpose: "email-change" | "phone-change" } => c.purpose !== "erasure");
  const erasureCode = account.pendingCodes.find((c) => c.purpose === "erasure") ?? null;
  const sageRows: [string, ReactNode | null][] = [
    [t("account.customerCode"), customer.sageCustomerCode],
    [t("account.balance"), customer.sageBalanceDue === null ? null : <Money>{format.money(customer.sageBalanceDue)}</Money>],
  ];
  const sections = ACCOUNT_SECTIONS.map(([id, key]) => ({ id, title: t(key) }));
  const title = (id: (typeof ACCOUNT_SECTIONS)[number][0]) => sections.find((section) => section.id === id)!.title;
  return (
    <I18nProvider locale={locale} messages={{ account: MESSAGES[locale].account, address: MESSAGES[locale].address }}>
      <div className="space-y-6">
        <PageHeader title={t("account.title")} intro={t("account.intro")} />
        <OnThisPage label={t("account.onThisPage")} sections={sections} />
        <Card id="coordonnees" title={title("coordonnees")}>
          <DetailsForm
            initial={{ firstName: customer.firstName ?? "", lastName: customer.lastName ?? "", email: customer.email ?? "", phone: displayPhone(customer.phone) ?? "" }}
            pendingFields={customer.pendingFields}
            verifications={changeCodes.map((c) => ({ verificationId: c.verificationId, purpose: c.purpose, channel: c.channel, target: c.target }))}
          />
        </Card>
        <Card id="facturation" title={title("facturation")}>
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[max-content_1fr]">
            {sageRows.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-sm text-slate-600">{label}</dt>
                <dd className="font-mono font-medium break-words text-slate-900">
                  {value ?? <span className="font-sans font-normal text-slate-600">{t("account.notProvided")}</span>}
                </dd>
              </div>
            ))}
          </dl>
          <p className="mt-3 text-sm text-slate-600">{t("account.sageHint")}</p>
        </Card>
        <Card id="adresses" title={title("adresses")}>
          <p className="mb-3 text-sm text-slate-700">{t("account.addressesHint")}</p>
          <AddressesSection addresses={account.addresses} />
        </Card>
        <Card id="langue" title={title("langue")}>
          <p className="mb-3 text-sm text-slate-700">{t("account.languageHint")}</p>
          <LanguageForm saved={customer.language} />
        </Card>
        <Card id="notifications" title={title("notifications")}>
          <p className="mb-3 text-sm text-slate-700">{t("account.notificationsHint")}</p>
          <PreferencesForm initial={account.preferences} />
        </Card>
        <Card id="securite" title={title("securite")}>
          <p className="mb-3 text-sm text-slate-700">{t("account.signOutEverywhereHint")}</p>
          <form action={signOutEverywhereAction}>
            <Button type="submit" variant="danger-outline">
              {t("account.signOutEverywhere")}
            </Button>
          </form>
        </Card>
        <Card id="mes-donnees" title={title("mes-donnees")}>
          <p className="mb-3 text-slate-700">{t("account.dataHint")}</p>
          <ExportSection initial={account.latestExport} locale={locale} />
          <p className="mt-4 text-sm">
            <Link href="/confidentialite" className="font-semibold text-brand-700 underline underline-offset-2">
              {t("account.privacyLink")}
            </Link>
          </p>
        </Card>
        <Card id="suppression" title={title("suppression")}>
          <ErasureSection
            erased={ERASED_AFTER_ERASURE[locale]}
            kept={KEPT_AFTER_ERASURE[locale]}
            hasEmail={Boolean(customer.email)}
            hasPhone={Boolean(customer.phone)}
            pending={erasureCode ? { verificationId: erasureCode.verificationId, target: erasureCode.target } : null}
          />
        </Card>
      </div>
    </I18nProvider>
  );
}
