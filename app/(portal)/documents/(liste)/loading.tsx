import { CardSkeleton, LoadingStatus } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { getI18n } from "@/lib/i18n/server";

/** The Documents space's frame while it loads: title, the three tabs, one list. */
export default async function DocumentsLoading() {
  const { t } = await getI18n();
  return (
    <div className="space-y-5">
      <LoadingStatus label={t("shell.loading")} />
      <PageHeader title={t("documents.title")} intro={t("documents.intro")} />
      <div aria-hidden="true" className="flex gap-2">
        {(["tous", "devis", "factures", "rapports"] as const).map((k) => (
          <span key={k} className="inline-flex min-h-11 items-center rounded-full border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-500">
            {t(`documents.tabs.${k}`)}
          </span>
        ))}
      </div>
      <div aria-hidden="true" className="min-h-11 rounded-xl border border-slate-200 bg-white" />
      <CardSkeleton lines={5} />
    </div>
  );
}
