import type { ReactNode } from "react";
import type { BookingView } from "@/lib/bookings/store";
import type { I18n } from "@/lib/i18n/server";
import { buttonClasses } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";

/** One booking: what, when, who, where, its status, "add to calendar", and the actions given. */
/** `children`: the actions of a confirmed booking (move, cancel); `withdraw`: of one awaiting confirmation. */
export function BookingDetails({
  i18n: { t, format, locale },
  booking,
  icsHref,
  phone,
  children,
  withdraw,
}: {
  i18n: I18n;
  booking: BookingView;
  icsHref: string;
  /** The company's phone as printed; null until the identity is entered in the console. */
  phone: string | null;
  children?: ReactNode;
  withdraw?: ReactNode;
}) {
  const status = {
    cancelled: { tone: "danger" as const, label: t("status.meeting.CANCELED") },
    rescheduled: { tone: "warning" as const, label: t("status.meeting.RESCHEDULED") },
    pending: { tone: "warning" as const, label: t("booking.pendingBadge") },
    unavailable: { tone: "danger" as const, label: t("booking.unavailableBadge") },
    confirmed: { tone: "success" as const, label: t("status.meeting.SCHEDULED") },
  }[booking.status];
  return (
    <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <dl className="grid gap-3 sm:grid-cols-2">
        <div>
          <dt className="text-sm text-slate-600">{t("booking.service")}</dt>
          <dd className="font-medium text-slate-900">{locale === "en" ? booking.serviceLabelEn : booking.serviceLabel}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">{t("booking.when")}</dt>
          <dd className="font-medium text-slate-900 first-letter:uppercase">
            <time dateTime={booking.start}>{format.timeRange(booking.start, booking.end)}</time>
          </dd>
        </div>
        {booking.technicianName ? (
          <div>
            <dt className="text-sm text-slate-600">{t("booking.technician")}</dt>
            <dd className="font-medium text-slate-900">{booking.technicianName}</dd>
          </div>
        ) : null}
        <div>
          <dt className="text-sm text-slate-600">{t("booking.where")}</dt>
          <dd className="font-medium text-slate-900">{booking.address}</dd>
        </div>
        {booking.note ? (
          <div className="sm:col-span-2">
            <dt className="text-sm text-slate-600">{t("booking.noteLabel")}</dt>
            <dd className="whitespace-pre-line text-slate-900">{booking.note}</dd>
          </div>
        ) : null}
      </dl>
      {/* One status (the badge); HubSpot not having the change yet is a discreet line. */}
      {booking.transmitting ? <p className="text-sm text-slate-600">{booking.status === "confirmed" ? t("booking.transmittingHint") : t("booking.transmittingLine")}</p> : null}
      {booking.status === "pending" ? (
        <div className="space-y-3 border-t border-slate-100 pt-4">
          <p className="text-sm text-slate-700">{t("booking.pendingHint")}</p>
          {withdraw}
        </div>
      ) : null}
      {booking.status === "confirmed" ? (
        <div className="flex flex-wrap items-start gap-3 border-t border-slate-100 pt-4">
          <a href={icsHref} download className={buttonClasses({ variant: "secondary" })}>
            {t("booking.addToCalendar")}
          </a>
        </div>
      ) : null}
      {booking.status === "confirmed" ? (
        booking.canChange ? (
          <div className="space-y-3 border-t border-slate-100 pt-4">
            <p className="text-sm text-slate-700">{t("booking.changeUntil", { date: format.dateTime(booking.changeDeadline) })}</p>
            {children}
          </div>
        ) : (
          <p className="border-t border-slate-100 pt-4 text-sm text-slate-700">{phone ? t("booking.tooLateToChange", { phone }) : t("booking.tooLateToChangeNoPhone")}</p>
        )
      ) : null}
    </div>
  );
}
