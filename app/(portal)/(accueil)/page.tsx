import type { Metadata } from "next";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { requireCustomer } from "@/lib/auth/session";
import { DASHBOARD_SECTIONS, loadDashboard } from "@/lib/dashboard/load-dashboard";
import { getCustomer } from "@/lib/hubspot/queries";
import { getI18n } from "@/lib/auth/locale";
import { READY_WITHIN_MS, resolvesWithin } from "@/lib/ready";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t("dashboard.title") };
}

export default async function DashboardPage() {
  const [{ contactId }, i18n] = await Promise.all([requireCustomer(), getI18n()]);
  const dashboard = loadDashboard(contactId);
  // The greeting is a nicety: if HubSpot fails here, the sections report it, not this line.
  const firstName = getCustomer(contactId).then(
    (c) => c.firstName,
    () => null,
  );
  // From memory (a repeated view) every section is there at once: drawn without boundaries. Else
  // each section streams behind its skeleton (no loading.tsx: the heading and skeletons come first).
  const ready = await resolvesWithin([...DASHBOARD_SECTIONS.map((k) => dashboard[k]), firstName], READY_WITHIN_MS);
  return <DashboardView i18n={i18n} firstName={firstName} dashboard={dashboard} ready={ready} />;
}
