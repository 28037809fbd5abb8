import { ListPageSkeleton } from "@/components/ui/page";
import { getI18n } from "@/lib/auth/locale";

export default async function AccountLoading() {
  const { t } = await getI18n();
  return (
    <ListPageSkeleton
      title={t("account.title")}
      sections={[t("account.details"), t("account.language"), t("account.security")]}
      loading={t("shell.loading")}
    />
  );
}
