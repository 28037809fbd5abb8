import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { BookingFlow } from "@/components/appointments/booking-flow";
import { SmsRemindersStep } from "@/components/appointments/sms-reminders-step";
import { SlotPickerSkeleton } from "@/components/appointments/slot-picker";
import { I18nProvider } from "@/components/i18n-provider";
import { LinkButton } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { listAddresses } from "@/lib/account/addresses";
import { requireCustomer } from "@/lib/auth/session";
import { addressOptions } from "@/lib/bookings/address-book";
import { findOfferedService, listOfferedServices, serviceText } from "@/lib/bookings/catalogue";
import { companyView, getSettings, type Service } from "@/lib/settings";
import { listSlots } from "@/lib/bookings/list-slots";
import { MESSAGES } from "@/lib/i18n/messages";
import { getI18n } from "@/lib/auth/locale";
import { bookAndRememberAddressAction } from "@/lib/account/actions/book-appointment";
import { confirmContactChangeAction } from "@/lib/account/actions/confirm-contact-change";
import { mobileCodeDeliveryAction, requestMobileCodeAction } from "@/lib/account/actions/mobile-code";
import { bookingMobile } from "@/lib/account/booking-mobile";
import { slotsForAddressAction } from "@/lib/bookings/actions/bookings";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("booking.newTitle") };
}

/** Book: pick a service → days and times (streamed behind a skeleton) → confirm in one click. */
export default async function NewAppointmentPage({ searchParams }: { searchParams: Promise<{ service?: string }> }) {
  await requireCustomer();
  const { t, locale } = await getI18n();
  const requested = (await searchParams).service;
  const { services, technicians, serviceArea } = await getSettings();
  const service = typeof requested === "string" ? findOfferedService(requested, services) : null;
  // A contractor who has just connected HubSpot has not filled the console yet: say so, never an empty list.
  if (listOfferedServices(services).length === 0 || technicians.length === 0 || serviceArea === null) {
    return (
      <div className="space-y-6">
        <PageHeader title={t("booking.newTitle")} />
        <p role="status" className="rounded-lg bg-amber-50 p-4 text-amber-950">
          {t("booking.notOpenYet")}
        </p>
        <LinkButton href="/messages/nouveau" variant="secondary">
          {t("booking.sendRequest")}
        </LinkButton>
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <PageHeader title={t("booking.newTitle")} intro={t("booking.newIntro")} />
      {service && service.booking === "online" ? (
        <section aria-labelledby="etape-creneau" className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="etape-creneau" className="text-lg font-semibold text-brand-900">
              {t("booking.stepTime")} — {serviceText(service, locale).label}
            </h2>
            <Link href="/rendez-vous/nouveau" className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline underline-offset-4">
              {t("booking.changeService")}
            </Link>
          </div>
          <Suspense fallback={<SlotPickerSkeleton label={t("booking.loadingSlots")} />}>
            <Slots service={service.id} />
          </Suspense>
        </section>
      ) : (
        <ServiceList services={listOfferedServices(services)} />
      )}
    </div>
  );
}

async function ServiceList({ services }: { services: Service[] }) {
  const { t, locale } = await getI18n();
  return (
    <section aria-labelledby="etape-service" className="space-y-3">
      <h2 id="etape-service" className="text-lg font-semibold text-brand-900">
        {t("booking.stepService")}
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2">
        {services.map((s) => ({ ...s, ...serviceText(s, locale) })).map((s) => (
          <li key={s.id} className="flex flex-col gap-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <h3 className="font-semibold text-slate-900">{s.label}</h3>
            <p className="text-sm text-slate-700">{s.description}</p>
            <p className="text-sm text-slate-600">{t("booking.duration", { minutes: s.durationMinutes })}</p>
            <div className="mt-auto pt-1">
              {s.booking === "online" ? (
                <LinkButton href={`/rendez-vous/nouveau?service=${encodeURIComponent(s.id)}`}>
                  {t("booking.chooseService")}
                  <span className="sr-only"> : {s.label}</span>
                </LinkButton>
              ) : (
                <div className="space-y-2">
                  <p className="text-sm text-slate-700">{t("booking.requestOnly")}</p>
                  <LinkButton href="/messages/nouveau" variant="secondary">
                    {t("booking.sendRequest")}
                  </LinkButton>
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

async function Slots({ service }: { service: string }) {
  const { contactId } = await requireCustomer();
  const [{ locale, t }, first, saved, mobile] = await Promise.all([
    getI18n(),
    listSlots(contactId, { service }),
    // The address book helps; without it (HubSpot briefly unreachable on a first visit) the address is typed.
    listAddresses(contactId).catch(() => []),
    // No mobile (a first sign-in by email): the flow offers one for SMS. Unknown (HubSpot unreachable): not offered.
    bookingMobile(contactId).catch(() => null),
  ]);
  const options = addressOptions(saved);
  // Nothing on the HubSpot contact yet, but an address in the book (just added): its times.
  const listing = first.reason === "address_needed" && options[0] ? await listSlots(contactId, { service, address: options[0].text }) : first;
  const m = MESSAGES[locale];
  if (listing.reason === "request_only") {
    const { company } = await getSettings();
    return (
      <div className="space-y-2 rounded-lg bg-amber-50 p-4 text-amber-950">
        <p className="font-medium">{t("booking.requestOnly")}</p>
        <p className="text-sm">{company ? t("booking.outsideAreaHint", { phone: companyView(company).phone.display }) : t("booking.outsideAreaHintNoPhone")}</p>
      </div>
    );
  }
  // No address yet, or one outside the area: the flow asks for the address in place, then shows its times.
  return (
    <I18nProvider locale={locale} messages={{ errors: m.errors, booking: m.booking, address: m.address }}>
      <BookingFlow
        listing={listing}
        locale={locale === "fr" ? "fr-FR" : "en-GB"}
        service={service}
        defaultAddress={listing.address ?? ""}
        savedAddresses={options}
        submit={{ mode: "book", action: bookAndRememberAddressAction }}
        refreshSlots={slotsForAddressAction}
        after="detail"
        beforeConfirm={
          // Always there (drawn again after a confirmation, the flow keeps its shape and its state).
          <SmsRemindersStep
            offered={mobile !== null && mobile.mobile === null}
            pending={mobile?.pending ?? null}
            actions={{ requestCode: requestMobileCodeAction, delivery: mobileCodeDeliveryAction, confirm: confirmContactChangeAction }}
          />
        }
      />
    </I18nProvider>
  );
}
