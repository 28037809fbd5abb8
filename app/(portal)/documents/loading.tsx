import { ListPageSkeleton } from "@/components/ui/page";
import { getI18n } from "@/lib/i18n/server";

export default async function DocumentsLoading() {
  const { t } = await getI18n();
  return (
    <ListPageSkeleton
      title={t("documents.title")}
      intro={t("documents.intro")}
      sections={[t("documents.quotes"), t("documents.invoices")]}
      loading={t("shell.loading")}
    />
  );
}
