import type { Appointment } from "@/lib/hubspot/types";
import type { I18n } from "@/lib/i18n/server";
import { Icon } from "@/components/shell/icons";
import { meetingStatus, technicianName } from "@/components/status";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";

/** Rendez-vous: upcoming visits (soonest first), then past ones (latest first). */
export function AppointmentsView({ i18n, upcoming, past }: { i18n: I18n; upcoming: Appointment[]; past: Appointment[] }) {
  const { t } = i18n;
  return (
    <div className="space-y-6">
      <PageHeader title={t("appointments.title")} intro={t("appointments.intro")} />
      <Card id="rdv-a-venir" title={t("appointments.upcoming")}>
        {upcoming.length === 0 ? <EmptyState title={t("appointments.emptyUpcoming")} /> : <AppointmentList i18n={i18n} appointments={upcoming} />}
      </Card>
      <Card id="rdv-passes" title={t("appointments.past")}>
        {past.length === 0 ? <EmptyState title={t("appointments.emptyPast")} /> : <AppointmentList i18n={i18n} appointments={past} />}
      </Card>
    </div>
  );
}

function AppointmentList({ i18n: { t, format }, appointments }: { i18n: I18n; appointments: Appointment[] }) {
  return (
    <ul className="divide-y divide-slate-100">
      {appointments.map((a) => {
        const status = meetingStatus(t, a.outcome);
        const technician = technicianName(a.technician);
        return (
          <li key={a.id} className="py-3 first:pt-0 last:pb-0">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <p className="font-medium text-slate-900 first-letter:uppercase">
                <time dateTime={a.start ?? undefined}>{format.timeRange(a.start, a.end)}</time>
              </p>
              <Badge tone={status.tone}>{status.label}</Badge>
            </div>
            <p className="text-slate-700">{a.title}</p>
            <p className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600">
              {technician ? (
                <span className="inline-flex items-center gap-1.5">
                  <Icon name="user" className="h-4 w-4 text-brand-700" />
                  {t("dashboard.nextAppointment.technician", { name: technician })}
                </span>
              ) : null}
              {a.location ? (
                <span className="inline-flex items-center gap-1.5">
                  <Icon name="pin" className="h-4 w-4 text-brand-700" />
                  {a.location}
                </span>
              ) : null}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
