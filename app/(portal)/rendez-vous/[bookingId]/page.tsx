import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BookingDetails } from "@/components/appointments/booking-details";
import { CancelBookingButton } from "@/components/appointments/cancel-booking-button";
import { I18nProvider } from "@/components/i18n-provider";
import { LinkButton, MoreLink } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { requireCustomer } from "@/lib/auth/session";
import { getBookingPage } from "@/lib/bookings/list-appointments";
import { companyView, getSettings } from "@/lib/settings";
import { isAppError } from "@/lib/errors";
import { MESSAGES } from "@/lib/i18n/messages";
import { getI18n } from "@/lib/auth/locale";
import { cancelAction } from "@/lib/bookings/actions/bookings";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("booking.detailTitle") };
}

/** The confirmation page after booking, and each portal booking's page: details, ICS, reschedule, cancel. */
export default async function BookingPage({ params, searchParams }: { params: Promise<{ bookingId: string }>; searchParams: Promise<{ confirme?: string; deplace?: string; annule?: string }> }) {
  const { contactId } = await requireCustomer();
  const { bookingId } = await params;
  const flags = await searchParams;
  const { booking, deliveries, alternatives } = await getBookingPage(contactId, bookingId).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [i18n, { company }] = await Promise.all([getI18n(), getSettings()]);
  const phone = company ? companyView(company).phone.display : null;
  const { t, locale } = i18n;
  const m = MESSAGES[locale];
  const justBooked = flags.confirme === "1" && booking.status === "confirmed";
  const justRequested = flags.confirme === "1" && booking.status === "pending";
  const justChanged = (flags.confirme === "1" && booking.status === "confirmed") || (flags.deplace === "1" && booking.status === "confirmed") || (flags.annule === "1" && booking.status === "cancelled");
  const title = justBooked ? t("booking.confirmedTitle") : justRequested ? t("booking.pendingTitle") : t("booking.detailTitle");
  const intro = justBooked ? t("booking.confirmedIntro") : justRequested ? t("booking.pendingIntro") : undefined;
  return (
    <div className="space-y-6">
      <PageHeader title={title} intro={intro} />
      {flags.deplace === "1" && booking.status === "confirmed" ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-900">
          {t("booking.rescheduled")}
        </p>
      ) : null}
      {/* Just cancelled (CancelBookingButton): said by the page, since the button is gone with the booking's actions. */}
      {flags.annule === "1" && booking.status === "cancelled" ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-900">
          {t("booking.cancelled")}
        </p>
      ) : null}
      {/* A cancelled booking offers the way back: the same intervention, new times. */}
      {booking.status === "cancelled" ? <LinkButton href={`/rendez-vous/nouveau?service=${booking.service}`}>{t("booking.rebook")}</LinkButton> : null}
      {/* What was sent about the change, as it stands: never « envoyé » before the provider took it. */}
      {justChanged && (deliveries.length > 0 || booking.status !== "cancelled") ? (
        <section aria-labelledby="messages-confirmation" className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <h2 id="messages-confirmation" className="font-semibold text-slate-900">
            {t("booking.deliveryTitle")}
          </h2>
          {deliveries.length ? (
            <ul className="mt-1 space-y-1 text-slate-800">
              {deliveries.map((d) => (
                <li key={d.key}>{t(`booking.delivery.${d.channel}.${d.state}`)}</li>
              ))}
            </ul>
          ) : (
            <p className="mt-1 text-slate-800">{t("booking.deliveryNone")}</p>
          )}
        </section>
      ) : null}
      {booking.status === "unavailable" ? (
        <section aria-labelledby="autres-creneaux" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-3">
          <h2 id="autres-creneaux" className="font-semibold text-amber-950">
            {t("booking.unavailableBadge")}
          </h2>
          {alternatives.length ? (
            <>
              <p className="text-amber-950">{t("booking.unavailableHint")}</p>
              <ul className="list-disc space-y-1 pl-5 text-amber-950">
                {alternatives.map((a) => (
                  <li key={a.start} className="first-letter:uppercase">
                    <time dateTime={a.start}>{i18n.format.timeRange(a.start, a.end)}</time>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="text-amber-950">{phone ? t("booking.unavailableNone", { phone }) : t("booking.unavailableNoneNoPhone")}</p>
          )}
          <LinkButton href={`/rendez-vous/nouveau?service=${booking.service}`}>{t("booking.pickAnother")}</LinkButton>
        </section>
      ) : null}
      <BookingDetails
        i18n={i18n}
        booking={booking}
        icsHref={`/api/rendez-vous/${booking.bookingId}/ics`}
        phone={phone}
        withdraw={
          <I18nProvider locale={locale} messages={{ errors: m.errors, booking: m.booking }}>
            <CancelBookingButton bookingId={booking.bookingId} action={cancelAction} />
          </I18nProvider>
        }
      >
        <div className="flex flex-wrap items-start gap-3">
          <LinkButton href={`/rendez-vous/${booking.bookingId}/deplacer`} variant="secondary">
            {t("booking.reschedule")}
          </LinkButton>
          <I18nProvider locale={locale} messages={{ errors: m.errors, booking: m.booking }}>
            <CancelBookingButton bookingId={booking.bookingId} action={cancelAction} />
          </I18nProvider>
        </div>
      </BookingDetails>
      <MoreLink href="/rendez-vous">{t("booking.backToList")}</MoreLink>
    </div>
  );
}
