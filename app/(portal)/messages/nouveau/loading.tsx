import { ListPageSkeleton } from "@/components/ui/page";
import { getI18n } from "@/lib/auth/locale";

export default async function NewMessageLoading() {
  const { t } = await getI18n();
  return <ListPageSkeleton title={t("thread.newTitle")} sections={[t("thread.yourMessage")]} loading={t("shell.loading")} />;
}
