import { ListPageSkeleton } from "@/components/ui/page";
import { getI18n } from "@/lib/i18n/server";

export default async function NewMessageLoading() {
  const { t } = await getI18n();
  return <ListPageSkeleton title={t("thread.newTitle")} sections={[t("thread.yourMessage")]} loading={t("shell.loading")} />;
}
