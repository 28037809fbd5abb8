import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BookingDetails } from "@/components/appointments/booking-details";
import { CancelBookingButton } from "@/components/appointments/cancel-booking-button";
import { I18nProvider } from "@/components/i18n-provider";
import { LinkButton, MoreLink } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { requireCustomer } from "@/lib/auth/session";
import { getBooking } from "@/lib/bookings/list-appointments";
import { COMPANY } from "@/lib/company";
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
  const booking = await getBooking(contactId, bookingId).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const i18n = await getI18n();
  const { t, locale } = i18n;
  const m = MESSAGES[locale];
  const justBooked = flags.confirme === "1" && booking.status === "confirmed";
  return (
    <div className="space-y-6">
      <PageHeader title={justBooked ? t("booking.confirmedTitle") : t("booking.detailTitle")} intro={justBooked ? t("booking.confirmedIntro") : undefined} />
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
      <BookingDetails i18n={i18n} booking={booking} icsHref={`/api/rendez-vous/${booking.bookingId}/ics`} phone={COMPANY.phone.display}>
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
