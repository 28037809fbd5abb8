import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { I18nProvider } from "@/components/i18n-provider";
import { InterventionDetailLive } from "@/components/interventions/intervention-detail";
import { StaleNotice } from "@/components/ui/section-state";
import { requireCustomer } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { withStaleness } from "@/lib/hubspot/staleness";
import { getInterventionDetail, type InterventionDetail } from "@/lib/interventions/get-intervention-detail";
import { MESSAGES } from "@/lib/i18n/messages";
import { getI18n } from "@/lib/auth/locale";
import { LiveQueryProvider } from "@/lib/live/query-provider";
import { companyView, getSettings } from "@/lib/settings";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("tracking.title") };
}

export default async function InterventionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { contactId } = await requireCustomer();
  const i18n = await getI18n();
  const { locale } = i18n;
  let detail: InterventionDetail;
  let staleSince: string | null;
  try {
    // HubSpot down: the last known state with its age (nothing known: the page's error panel).
    ({ value: detail, staleSince } = await withStaleness(() => getInterventionDetail(contactId, id)));
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const m = MESSAGES[locale];
  const { company } = await getSettings();
  const phone = company ? companyView(company).phone : null;
  return (
    <>
    <StaleNotice i18n={i18n} since={staleSince} />
    <I18nProvider locale={locale} messages={{ errors: m.errors, tracking: m.tracking, status: m.status }}>
      <LiveQueryProvider>
        <InterventionDetailLive initial={detail} phone={phone} />
      </LiveQueryProvider>
    </I18nProvider>
    </>
  );
}
