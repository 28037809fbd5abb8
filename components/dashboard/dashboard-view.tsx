import type { Dashboard } from "@/lib/dashboard/load-dashboard";
import type { I18n } from "@/lib/i18n/server";
import { CardSkeleton, LoadingStatus } from "@/components/ui/card";
import { Streamed } from "@/components/ui/streamed";
import { InterventionsSection, InvoicesSection, NextAppointmentSection, QuotesSection, RepliesSection } from "./dashboard-sections";

/**
 * The dashboard: a static heading at once, then each section as its data arrives (`ready`: all of
 * it is there already, nothing to stream). Phones read top to bottom in order of urgency: the next
 * visit, the job under way, what to pay, to sign, to read.
 */
export function DashboardView({
  i18n,
  firstName,
  dashboard,
  ready,
}: {
  i18n: I18n;
  /** The customer's first name for the greeting, as the page reads it (null: HubSpot failed or none). */
  firstName: Promise<string | null>;
  dashboard: Dashboard;
  ready: boolean;
}) {
  const { t } = i18n;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-brand-900 sm:text-3xl">{t("dashboard.title")}</h1>
        <Streamed ready={ready} fallback={<div aria-hidden="true" className="mt-2 h-5 w-64 animate-pulse rounded bg-slate-200" />}>
          <Greeting i18n={i18n} firstName={firstName} />
        </Streamed>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Streamed ready={ready} fallback={<SectionSkeleton title={t("dashboard.nextAppointment.title")} loading={t("shell.loading")} lines={3} />}>
          <NextAppointmentSection i18n={i18n} data={dashboard.nextAppointment} staleSince={dashboard.staleSince.nextAppointment} />
        </Streamed>
        <Streamed ready={ready} fallback={<SectionSkeleton title={t("dashboard.interventions.title")} lines={3} />}>
          <InterventionsSection i18n={i18n} data={dashboard.interventionsInProgress} staleSince={dashboard.staleSince.interventionsInProgress} />
        </Streamed>
        <Streamed ready={ready} fallback={<SectionSkeleton title={t("dashboard.invoices.title")} lines={4} />}>
          <InvoicesSection i18n={i18n} data={dashboard.unpaidInvoices} staleSince={dashboard.staleSince.unpaidInvoices} />
        </Streamed>
        <Streamed ready={ready} fallback={<SectionSkeleton title={t("dashboard.quotes.title")} lines={2} />}>
          <QuotesSection i18n={i18n} data={dashboard.quotesToSign} staleSince={dashboard.staleSince.quotesToSign} />
        </Streamed>
        <div className="lg:col-span-2">
          <Streamed ready={ready} fallback={<SectionSkeleton title={t("dashboard.replies.title")} lines={2} />}>
            <RepliesSection i18n={i18n} data={dashboard.unreadReplies} staleSince={dashboard.staleSince.unreadReplies} />
          </Streamed>
        </div>
      </div>
    </div>
  );
}

/** A section's frame with its real title while its data loads; one of them announces the wait. */
function SectionSkeleton({ title, lines, loading, className }: { title: string; lines: number; loading?: string; className?: string }) {
  return (
    <div className={className}>
      {loading ? <LoadingStatus label={loading} /> : null}
      <CardSkeleton title={title} lines={lines} className="h-full" />
    </div>
  );
}

async function Greeting({ i18n: { t }, firstName: pending }: { i18n: I18n; firstName: Promise<string | null> }) {
  const firstName = await pending;
  return (
    <p className="mt-1 text-slate-700">
      {firstName ? t("dashboard.greeting", { name: firstName }) : t("dashboard.greetingAnonymous")} {t("dashboard.intro")}
    </p>
  );
}
