import { ListPageSkeleton } from "@/components/ui/page";
import { getI18n } from "@/lib/i18n/server";

export default async function InterventionsLoading() {
  const { t } = await getI18n();
  return (
    <ListPageSkeleton
      title={t("interventions.title")}
      intro={t("interventions.intro")}
      sections={[t("interventions.inProgress"), t("interventions.history")]}
      loading={t("shell.loading")}
    />
  );
}
