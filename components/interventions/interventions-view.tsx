import type { ReactNode } from "react";
import Link from "next/link";
import type { Intervention } from "@/lib/model/types";
import { LiveRefresh } from "@/lib/live/live-refresh";
import type { I18n } from "@/lib/i18n/server";
import { Icon } from "@/components/shell/icons";
import { interventionStatus, interventionTypeLabel, technicianName } from "@/components/status";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { InterventionProgress } from "./intervention-progress";

/** Interventions: those under way with their progress, then the history. */
export function InterventionsView({ i18n, inProgress, history, filter }: { i18n: I18n; inProgress: Intervention[]; history: Intervention[]; filter?: ReactNode }) {
  const { t } = i18n;
  return (
    <div className="space-y-6">
      <LiveRefresh />
      <PageHeader title={t("interventions.title")} intro={t("interventions.intro")} action={filter} />
      <Card id="interventions-en-cours" title={t("interventions.inProgress")}>
        {inProgress.length === 0 ? (
          <EmptyState title={t("interventions.emptyInProgress")} />
        ) : (
          <InterventionList i18n={i18n} interventions={inProgress} showProgress />
        )}
      </Card>
      <Card id="historique" title={t("interventions.history")}>
        {history.length === 0 ? <EmptyState title={t("interventions.emptyHistory")} /> : <InterventionList i18n={i18n} interventions={history} />}
      </Card>
    </div>
  );
}

function InterventionList({ i18n: { t, format }, interventions, showProgress = false }: { i18n: I18n; interventions: Intervention[]; showProgress?: boolean }) {
  return (
    <ul className="divide-y divide-slate-100">
      {interventions.map((i) => {
        const status = interventionStatus(t, i.stage);
        const technician = technicianName(i.technician);
        return (
          <li key={i.id} className="py-3 first:pt-0 last:pb-0">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <Link href={`/interventions/${i.id}`} className="font-medium text-brand-700 underline-offset-4 hover:underline">
                {i.subject}
              </Link>
              {showProgress ? null : <Badge tone={status.tone}>{status.label}</Badge>}
            </div>
            <p className="text-sm text-slate-600">
              {[
                interventionTypeLabel(t, i.type),
                i.start ? t("interventions.scheduledFor", { date: format.shortDateTime(i.start) }) : null,
                technician ? t("interventions.technician", { name: technician }) : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
            {i.address ? (
              <p className="mt-1 flex items-center gap-1.5 text-sm text-slate-600">
                <Icon name="pin" className="h-4 w-4 text-brand-700" />
                {i.address}
              </p>
            ) : null}
            {showProgress ? <InterventionProgress t={t} stage={i.stage} /> : null}
            {showProgress && i.stage === "en_route" && i.eta ? (
              <p className="mt-1 flex items-center gap-1.5 text-sm font-semibold text-slate-900">
                <Icon name="clock" className="h-4 w-4 text-brand-700" />
                {t("interventions.eta", { time: format.time(i.eta) })}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
