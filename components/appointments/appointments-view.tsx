import type { ReactNode } from "react";
import Link from "next/link";
import type { AppointmentItem } from "@/lib/bookings/list-appointments";
import type { I18n } from "@/lib/i18n/server";
import { Icon } from "@/components/shell/icons";
import { meetingStatus, technicianName } from "@/components/status";
import { Badge, Card, EmptyState, LinkButton } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";

/** Rendez-vous: upcoming visits (soonest first), then past ones (latest first), and "book". */
export function AppointmentsView({
  i18n,
  upcoming,
  past,
  cancelled = [],
  partial,
  filter,
}: {
  i18n: I18n;
  upcoming: AppointmentItem[];
  past: AppointmentItem[];
  /** Cancelled appointments whose date is still to come: neither « à venir » nor « passés ». */
  cancelled?: AppointmentItem[];
  partial?: boolean;
  /** The address filter (Compte → adresses), when the customer has several. */
  filter?: ReactNode;
}) {
  const { t } = i18n;
  return (
    <div className="space-y-6">
      <PageHeader title={t("appointments.title")} intro={t("appointments.intro")} action={
          <div className="flex flex-wrap items-end gap-3">
            {filter}
            <LinkButton href="/rendez-vous/nouveau">{t("booking.book")}</LinkButton>
          </div>
        }
      />
      {partial ? (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-sm font-medium text-amber-950">
          {t("booking.partial")}
        </p>
      ) : null}
      <Card id="rdv-a-venir" title={t("appointments.upcoming")}>
        {upcoming.length === 0 ? (
          <EmptyState title={t("appointments.emptyUpcoming")} action={<LinkButton href="/rendez-vous/nouveau">{t("booking.book")}</LinkButton>} />
        ) : (
          <AppointmentList i18n={i18n} appointments={upcoming} />
        )}
      </Card>
      {cancelled.length > 0 ? (
        <Card id="rdv-annules" title={t("appointments.cancelled")}>
          <AppointmentList i18n={i18n} appointments={cancelled} />
        </Card>
      ) : null}
      <Card id="rdv-passes" title={t("appointments.past")}>
        {past.length === 0 ? <EmptyState title={t("appointments.emptyPast")} /> : <AppointmentList i18n={i18n} appointments={past} />}
      </Card>
    </div>
  );
}

function AppointmentList({ i18n: { t, format }, appointments }: { i18n: I18n; appointments: AppointmentItem[] }) {
  return (
    <ul className="divide-y divide-slate-100">
      {appointments.map((a) => {
        const status =
          a.booking?.status === "pending"
            ? { tone: "warning" as const, label: t("booking.pendingBadge") }
            : a.booking?.status === "unavailable"
              ? { tone: "danger" as const, label: t("booking.unavailableBadge") }
              : meetingStatus(t, a.outcome);
        const technician = technicianName(a.technician);
        return (
          <li key={a.id} className="py-3 first:pt-0 last:pb-0" data-booking-id={a.booking?.bookingId}>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <p className="font-medium text-slate-900 first-letter:uppercase">
                <time dateTime={a.start ?? undefined}>{format.timeRange(a.start, a.end)}</time>
              </p>
              <Badge tone={status.tone}>{status.label}</Badge>
            </div>
            <p className="text-slate-700">{a.title}</p>
            {a.booking?.transmitting ? <p className="text-sm text-slate-600">{t("booking.transmittingLine")}</p> : null}
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
            {a.booking?.status === "cancelled" ? (
              <p className="mt-1 flex flex-wrap gap-x-4">
                <Link href={`/rendez-vous/${a.booking.bookingId}`} className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline underline-offset-4">
                  {t("booking.detailTitle")}
                  <span className="sr-only"> — {format.timeRange(a.start, a.end)}</span>
                </Link>
                <Link href={`/rendez-vous/nouveau?service=${a.booking.service}`} className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline underline-offset-4">
                  {t("booking.rebook")}
                </Link>
              </p>
            ) : a.booking ? (
              <p className="mt-1">
                <Link href={`/rendez-vous/${a.booking.bookingId}`} className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline underline-offset-4">
                  {a.booking.canChange ? `${t("booking.manage")} (${t("booking.reschedule").toLowerCase()} / ${t("booking.cancel").toLowerCase()})` : t("booking.detailTitle")}
                  <span className="sr-only"> — {format.timeRange(a.start, a.end)}</span>
                </Link>
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
