import Link from "next/link";
import type { ReactNode } from "react";
import { Streamed } from "@/components/ui/streamed";
import type { I18n } from "@/lib/i18n/server";
import { Brand } from "./brand";
import { NavigationProgress } from "./navigation-progress";
import { Icon } from "./icons";
import { PortalNav, type NavItem } from "./portal-nav";
import { SignOutButton } from "./sign-out-button";
import { SiteFooter } from "./site-footer";

/**
 * The signed-in frame: header (brand, account, sign-out), the navigation (bottom tab bar on
 * phones, side column from md up), main, footer. It never waits on HubSpot: the layout reads the
 * first name and says whether it is already there (`nameReady`: drawn at once), else it streams
 * in, and without it the account link still works.
 */
export function PortalShell({
  i18n,
  companyName,
  firstName,
  nameReady,
  children,
}: {
  i18n: I18n;
  /** The company's trade name from the console's settings; null until entered (the portal's name alone). */
  companyName: string | null;
  /** The customer's first name (null: none, or HubSpot unreachable). */
  firstName: Promise<string | null>;
  nameReady: boolean;
  children: ReactNode;
}) {
  const { t } = i18n;
  const items: NavItem[] = [
    { href: "/", label: t("nav.dashboard"), icon: "dashboard", inTabBar: true },
    { href: "/rendez-vous", label: t("nav.appointments"), icon: "calendar", inTabBar: true },
    { href: "/documents", label: t("nav.documents"), icon: "document", inTabBar: true },
    { href: "/interventions", label: t("nav.interventions"), icon: "bolt", inTabBar: true },
    { href: "/messages", label: t("nav.messages"), icon: "message", inTabBar: true },
    { href: "/compte", label: t("nav.account"), icon: "user", inTabBar: false },
  ];
  const accountFallback = <AccountLinkBody label={t("shell.account")} />;
  return (
    <div className="flex min-h-screen flex-1 flex-col">
      {/* useSearchParams needs no Suspense boundary here: every portal page is rendered per request. */}
      <NavigationProgress label={t("shell.loadingPage")} />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-2 px-4 py-2">
          <Brand name={companyName ?? t("shell.portal")} portal={companyName ? t("shell.portal") : null} href="/" linkLabel={t("shell.homeLink")} />
          <div className="flex items-center gap-1">
            <Link
              href="/compte"
              className="inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-lg px-2 text-sm font-medium text-slate-800 hover:bg-slate-100 hover:text-brand-900"
            >
              <Streamed ready={nameReady} fallback={accountFallback}>
                <AccountName i18n={i18n} firstName={firstName} fallback={accountFallback} />
              </Streamed>
            </Link>
            <SignOutButton label={t("shell.signOut")} compact />
          </div>
        </div>
      </header>
      {/* At least a screen tall: the footer starts below the fold, so a page whose skeleton is shorter
          than its content does not push a visible footer down (a layout shift, CLS). */}
      <div className="mx-auto flex min-h-svh w-full max-w-6xl flex-1 gap-8 px-4 md:py-6">
        <PortalNav label={t("nav.label")} items={items} />
        <main id="contenu" tabIndex={-1} className="min-w-0 flex-1 py-6 focus:outline-none md:py-0">
          {children}
        </main>
      </div>
      {/* Room below the footer for the fixed tab bar on phones. */}
      <SiteFooter companyName={companyName} className="mb-[calc(4.5rem+env(safe-area-inset-bottom))] md:mb-0" />
    </div>
  );
}

function AccountLinkBody({ label, name, fullLabel }: { label: string; name?: string; fullLabel?: string }) {
  return (
    <>
      <span aria-hidden="true" className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-50 text-brand-700">
        {name ? <span className="font-semibold">{name.charAt(0).toUpperCase()}</span> : <Icon name="user" />}
      </span>
      {name ? (
        <>
          <span className="sr-only">{fullLabel}</span>
          <span aria-hidden="true">{name}</span>
        </>
      ) : (
        <span className="sr-only sm:not-sr-only">{label}</span>
      )}
    </>
  );
}

async function AccountName({ i18n: { t }, firstName: pending, fallback }: { i18n: I18n; firstName: Promise<string | null>; fallback: ReactNode }) {
  // HubSpot unreachable (null): the page itself reports it; the header stays usable.
  const firstName = await pending;
  if (!firstName) return fallback;
  return <AccountLinkBody label={t("shell.account")} name={firstName} fullLabel={t("shell.accountOf", { name: firstName })} />;
}
