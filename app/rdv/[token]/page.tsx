import type { Metadata } from "next";
import { Suspense } from "react";
import { BookingDetails } from "@/components/appointments/booking-details";
import { BookingFlow } from "@/components/appointments/booking-flow";
import { CancelBookingButton } from "@/components/appointments/cancel-booking-button";
import { SlotPickerSkeleton } from "@/components/appointments/slot-picker";
import { I18nProvider } from "@/components/i18n-provider";
import { PublicShell } from "@/components/shell/public-shell";
import { LinkButton } from "@/components/ui/card";
import { getBooking } from "@/lib/bookings/list-appointments";
import { listRescheduleSlots } from "@/lib/bookings/list-slots";
import type { BookingView } from "@/lib/bookings/store";
import { decodeLinkSegment, verifyManageToken } from "@/lib/bookings/tokens";
import { companyView, getSettings } from "@/lib/settings";
import { isAppError } from "@/lib/errors";
import { MESSAGES } from "@/lib/i18n/messages";
import { getI18n } from "@/lib/auth/locale";
import { manageCancelAction, manageRescheduleAction } from "@/lib/bookings/actions/manage-by-link";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("booking.manageTitle"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/**
 * Manage an appointment from the confirmation email or the reminder SMS, without signing in: the
 * signed link is the credential (it names one booking of one customer). Reschedule and cancel
 * follow the same rules as in the portal (24 h limit).
 */
export default async function ManageBookingPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ annule?: string }> }) {
  const token = decodeLinkSegment((await params).token);
  const flags = await searchParams;
  const [i18n, { company }] = await Promise.all([getI18n(), getSettings()]);
  const phone = company ? companyView(company).phone.display : null;
  const { t, locale } = i18n;
  const claims = await verifyManageToken(token);
  let booking: BookingView | null = null;
  if (claims) {
    booking = await getBooking(claims.contactId, claims.bookingId).catch((error: unknown) => {
      if (isAppError(error) && error.code === "NOT_FOUND") return null;
      throw error;
    });
  }
  const m = MESSAGES[locale];
  return (
    <PublicShell>
      <div className="mx-auto max-w-3xl space-y-6">
        <h1 className="text-2xl font-bold text-brand-900">{t("booking.manageTitle")}</h1>
        {!claims || !booking ? (
          <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
            <p className="font-medium text-slate-900">{t("booking.manageInvalid")}</p>
            <p className="text-slate-700">{phone ? t("booking.manageInvalidHint", { phone }) : t("booking.manageInvalidHintNoPhone")}</p>
            <LinkButton href="/connexion">{t("booking.signIn")}</LinkButton>
          </div>
        ) : (
          <>
            {/* Just cancelled (CancelBookingButton): said by the page, since the button is gone with the booking's actions. */}
            {flags.annule === "1" && booking.status === "cancelled" ? (
              <p role="status" className="rounded-lg bg-green-50 p-3 font-medium text-green-900">
                {t("booking.cancelled")}
              </p>
            ) : null}
            <BookingDetails i18n={i18n} booking={booking} icsHref={`/api/rdv/${encodeURIComponent(token)}/ics`} phone={phone}>
              <I18nProvider locale={locale} messages={{ errors: m.errors, booking: m.booking }}>
                <CancelBookingButton bookingId={booking.bookingId} token={token} action={manageCancelAction} />
              </I18nProvider>
            </BookingDetails>
            {booking.canChange ? (
              <section aria-labelledby="deplacer" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
                <h2 id="deplacer" className="text-lg font-semibold text-brand-900">
                  {t("booking.rescheduleTitle")}
                </h2>
                <p className="mb-4 text-slate-700">{t("booking.rescheduleIntro")}</p>
                <Suspense fallback={<SlotPickerSkeleton label={t("booking.loadingSlots")} />}>
                  <ManageSlots contactId={claims.contactId} bookingId={booking.bookingId} token={token} />
                </Suspense>
              </section>
            ) : null}
          </>
        )}
      </div>
    </PublicShell>
  );
}

async function ManageSlots({ contactId, bookingId, token }: { contactId: string; bookingId: string; token: string }) {
  const [{ locale }, listing] = await Promise.all([getI18n(), listRescheduleSlots(contactId, bookingId)]);
  const m = MESSAGES[locale];
  return (
    <I18nProvider locale={locale} messages={{ errors: m.errors, booking: m.booking }}>
      <BookingFlow listing={listing} locale={locale === "fr" ? "fr-FR" : "en-GB"} service="" submit={{ mode: "reschedule", bookingId, token, action: manageRescheduleAction }} after="refresh" />
    </I18nProvider>
  );
}
