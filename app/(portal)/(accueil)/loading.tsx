import { DashboardSkeleton } from "@/components/dashboard/dashboard-view";
import { getI18n } from "@/lib/i18n/server";

export default async function DashboardLoading() {
  return <DashboardSkeleton i18n={await getI18n()} />;
}
