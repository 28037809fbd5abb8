import { ListPageSkeleton } from "@/components/ui/page";
import { getI18n } from "@/lib/i18n/server";

export default async function AppointmentsLoading() {
  const { t } = await getI18n();
  return (
    <ListPageSkeleton
      title={t("appointments.title")}
      intro={t("appointments.intro")}
      sections={[t("appointments.upcoming"), t("appointments.past")]}
      loading={t("shell.loading")}
    />
  );
}
