import type { Metadata } from "next";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { requireCustomer } from "@/lib/auth/session";
import { loadDashboard } from "@/lib/dashboard/load-dashboard";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t("dashboard.title") };
}

export default async function DashboardPage() {
  const [{ contactId }, i18n] = await Promise.all([requireCustomer(), getI18n()]);
  return <DashboardView i18n={i18n} contactId={contactId} dashboard={loadDashboard(contactId)} />;
}
