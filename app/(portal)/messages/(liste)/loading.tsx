import { ListPageSkeleton } from "@/components/ui/page";
import { getI18n } from "@/lib/i18n/server";

export default async function MessagesLoading() {
  const { t } = await getI18n();
  return <ListPageSkeleton title={t("messages.title")} intro={t("messages.intro")} sections={[t("messages.conversations")]} loading={t("shell.loading")} />;
}
