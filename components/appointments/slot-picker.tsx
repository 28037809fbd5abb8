"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { createFormat } from "@/components/format";
import type { SlotChoice, SlotListing } from "@/lib/bookings/list-slots";

/**
 * Days, then times: two groups of toggle buttons (keyboard and screen-reader friendly, 44 px
 * targets). Days are Paris calendar dates; times are shown as the engine computed them in Paris.
 */
export function dayLabel(date: string, locale: string): { weekday: string; day: string; full: string } {
  const d = new Date(`${date}T12:00:00Z`);
  const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { timeZone: "UTC", ...o }).format(d);
  return { weekday: f({ weekday: "short" }), day: f({ day: "numeric", month: "short" }), full: f({ weekday: "long", day: "numeric", month: "long" }) };
}

export function SlotPicker({
  listing,
  locale,
  day,
  onDay,
  selected,
  onSelect,
}: {
  listing: SlotListing;
  locale: string;
  day: string | null;
  onDay: (date: string) => void;
  selected: SlotChoice | null;
  onSelect: (slot: SlotChoice) => void;
}) {
  const t = useTranslations("booking");
  const id = useId();
  const current = listing.days.find((d) => d.date === day) ?? listing.days[0];
  // The one time format of the portal (« 14 h 00 » in French), as on the confirmation page.
  const format = createFormat(locale.startsWith("fr") ? "fr" : "en");
  return (
    <div className="space-y-4">
      <div role="group" aria-labelledby={`${id}-days`}>
        <h3 id={`${id}-days`} className="mb-2 font-semibold text-slate-900">
          {t("days")}
        </h3>
        <ul className="-mx-1 flex snap-x gap-2 overflow-x-auto px-1 pb-2">
          {listing.days.map((d) => {
            const label = dayLabel(d.date, locale);
            const active = d.date === current?.date;
            return (
              <li key={d.date} className="snap-start">
                <button
                  type="button"
                  aria-pressed={active}
                  onClick={() => onDay(d.date)}
                  className={`flex min-h-14 min-w-18 flex-col items-center justify-center rounded-lg border px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 ${
                    active ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-900 hover:border-brand-700"
                  }`}
                >
                  {/* Named by what it shows (WCAG 2.5.3: « Mar. 8 déc. », the full date in the times' heading), words apart. */}
                  <span className="font-semibold capitalize">{label.weekday}</span>{" "}
                  <span>{label.day}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
      {current ? (
        <div role="group" aria-labelledby={`${id}-times`}>
          <h3 id={`${id}-times`} className="mb-2 font-semibold text-slate-900">
            {t("times", { date: dayLabel(current.date, locale).full })}
          </h3>
          <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            {current.slots.map((s) => {
              const active = selected?.start === s.start && selected.technicianId === s.technicianId;
              return (
                <li key={`${s.start}-${s.technicianId}`}>
                  <button
                    type="button"
                    aria-pressed={active}
                    onClick={() => onSelect(s)}
                    data-slot={s.start}
                    className={`flex min-h-14 w-full flex-col items-start justify-center rounded-lg border px-3 py-2 text-left text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 ${
                      active ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-900 hover:border-brand-700"
                    }`}
                  >
                    <span className="text-base font-semibold">{format.time(s.start)}</span>{" "}
                    {s.technicianName ? <span className={active ? "text-white" : "text-slate-700"}>{t("with", { name: s.technicianName })}</span> : null}{" "}
                    {s.nearbyJob ? <span className={`text-xs font-semibold ${active ? "text-white" : "text-green-800"}`}>{t("nearby")}</span> : null}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** The skeleton of the picker while slots load (same frame). */
export function SlotPickerSkeleton({ label }: { label: string }) {
  return (
    <div className="space-y-4">
      <p role="status" className="sr-only">
        {label}
      </p>
      <div aria-hidden="true" className="flex gap-2 overflow-hidden">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-14 w-18 shrink-0 animate-pulse rounded-lg bg-slate-200" />
        ))}
      </div>
      <div aria-hidden="true" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-14 animate-pulse rounded-lg bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
