import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { BookingFlow } from "@/components/appointments/booking-flow";
import { SlotPickerSkeleton } from "@/components/appointments/slot-picker";
import { I18nProvider } from "@/components/i18n-provider";
import { MoreLink } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { requireCustomer } from "@/lib/auth/session";
import { getBooking } from "@/lib/bookings/list-appointments";
import { listRescheduleSlots } from "@/lib/bookings/list-slots";
import { companyView, getSettings } from "@/lib/settings";
import { isAppError } from "@/lib/errors";
import { MESSAGES } from "@/lib/i18n/messages";
import { getI18n } from "@/lib/auth/locale";
import { rescheduleAction } from "@/lib/bookings/actions/bookings";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("booking.rescheduleTitle") };
}

export default async function ReschedulePage({ params }: { params: Promise<{ bookingId: string }> }) {
  const { contactId } = await requireCustomer();
  const { bookingId } = await params;
  const booking = await getBooking(contactId, bookingId).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const [{ t, format, locale }, { company }] = await Promise.all([getI18n(), getSettings()]);
  const phone = company ? companyView(company).phone.display : null;
  return (
    <div className="space-y-6">
      <PageHeader title={t("booking.rescheduleTitle")} intro={`${locale === "en" ? booking.serviceLabelEn : booking.serviceLabel} — ${format.timeRange(booking.start, booking.end)}`} />
      {booking.canChange ? (
        <section aria-label={t("booking.stepTime")} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
          <p className="mb-4 text-slate-700">{t("booking.rescheduleIntro")}</p>
          <Suspense fallback={<SlotPickerSkeleton label={t("booking.loadingSlots")} />}>
            <RescheduleSlots contactId={contactId} bookingId={booking.bookingId} />
          </Suspense>
        </section>
      ) : (
        <p className="rounded-lg bg-amber-50 p-4 font-medium text-amber-950">{phone ? t("booking.tooLateToChange", { phone }) : t("booking.tooLateToChangeNoPhone")}</p>
      )}
      <MoreLink href={`/rendez-vous/${booking.bookingId}`}>{t("booking.detailTitle")}</MoreLink>
    </div>
  );
}

async function RescheduleSlots({ contactId, bookingId }: { contactId: string; bookingId: string }) {
  const [{ locale }, listing] = await Promise.all([getI18n(), listRescheduleSlots(contactId, bookingId)]);
  const m = MESSAGES[locale];
  return (
    <I18nProvider locale={locale} messages={{ errors: m.errors, booking: m.booking }}>
      <BookingFlow listing={listing} locale={locale === "fr" ? "fr-FR" : "en-GB"} service="" submit={{ mode: "reschedule", bookingId, action: rescheduleAction }} after="detail" />
    </I18nProvider>
  );
}
