"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, useWatch } from "react-hook-form";
import { AdminOnlyNote, SaveStatus, useFollowVersion, useSaveSettings } from "./save-settings";
import { Button } from "@/components/ui/button";
import { Field, useFieldIds } from "@/components/ui/field";
import { bookingRulesSettingsSchema, type BookingRulesSettings } from "@/lib/settings/schemas";
import { FRENCH_ZOD_ERRORS } from "@/lib/i18n/zod-errors";

type Rules = BookingRulesSettings;

/** Un champ numérique : la valeur du formulaire est un nombre (vide → NaN, refusé avec un message). */
const asNumber = { valueAsNumber: true } as const;

/** Règles de réservation: how far ahead and how often customers may book, and the day's pace. */
export function BookingRulesForm({ initial, version, readOnly }: { initial: Rules; version: number; readOnly: boolean }) {
  const form = useForm<Rules>({ resolver: zodResolver(bookingRulesSettingsSchema, FRENCH_ZOD_ERRORS), defaultValues: initial });
  const {
    register,
    handleSubmit,
    setValue,
    formState: { errors },
  } = form;
  const saver = useSaveSettings<Rules>("booking_rules", version, { setError: form.setError as never, setFocus: form.setFocus as never });
  useFollowVersion(version, initial, form.reset);
  const notice = useWatch({ control: form.control, name: "minimumNotice" });
  const noticeIds = useFieldIds({ hint: true, error: (errors.minimumNotice as { hours?: { message?: string } } | undefined)?.hours?.message });

  return (
    <form noValidate aria-busy={saver.saving} onSubmit={handleSubmit((value) => saver.save(value))} onChange={saver.reset} className="space-y-5">
      {readOnly ? <AdminOnlyNote /> : null}
      <fieldset disabled={readOnly} className="space-y-5">
        <fieldset className="space-y-2">
          <legend className="font-semibold text-slate-900">Délai minimum avant un rendez-vous</legend>
          <p id={noticeIds.hintId} className="text-sm text-slate-600">
            Le premier créneau proposé au client en ligne.
          </p>
          <label className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="minimumNotice.kind"
              className="size-5 accent-brand-700"
              checked={notice.kind === "next_working_day"}
              onChange={() => setValue("minimumNotice", { kind: "next_working_day" }, { shouldDirty: true })}
            />
            À partir du jour ouvré suivant
          </label>
          <label className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="minimumNotice.kind"
              className="size-5 accent-brand-700"
              checked={notice.kind === "hours"}
              onChange={() => setValue("minimumNotice", { kind: "hours", hours: 24 }, { shouldDirty: true })}
            />
            Un délai minimum en heures
          </label>
          {notice.kind === "hours" ? (
            <div className="ml-8 max-w-xs space-y-1">
              <label htmlFor={noticeIds.id} className="block text-sm font-semibold text-slate-900">
                Heures à l&apos;avance (au moins)
              </label>
              <input type="number" inputMode="numeric" min={0} step={1} {...noticeIds.control} className="block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 py-2" {...register("minimumNotice.hours", asNumber)} />
              <p id={noticeIds.errorId} className="min-h-5 text-sm font-medium text-red-800">
                {(errors.minimumNotice as { hours?: { message?: string } } | undefined)?.hours?.message}
              </p>
            </div>
          ) : null}
        </fieldset>

        <div className="grid gap-x-4 sm:grid-cols-2">
          <Field
            label="Horizon de réservation (jours)"
            hint="Le dernier jour réservable est aujourd'hui plus ce nombre de jours."
            type="number"
            inputMode="numeric"
            min={1}
            error={errors.horizonDays?.message}
            {...register("horizonDays", asNumber)}
          />
          <Field
            label="Délai pour modifier ou annuler en ligne (heures)"
            hint="Le client peut déplacer ou annuler son rendez-vous jusqu'à ce nombre d'heures avant le début ; après, il appelle."
            type="number"
            inputMode="numeric"
            min={0}
            error={errors.changeLimitHours?.message}
            {...register("changeLimitHours", asNumber)}
          />
          <Field
            label="Battement entre deux interventions (minutes)"
            hint="Temps ajouté au trajet entre deux rendez-vous (rangement, imprévus)."
            type="number"
            inputMode="numeric"
            min={0}
            error={errors.travelBufferMinutes?.message}
            {...register("travelBufferMinutes", asNumber)}
          />
          <Field
            label="Interventions par jour et par technicien (au plus)"
            hint="Au-delà, plus aucun créneau n'est proposé pour ce technicien ce jour-là."
            type="number"
            inputMode="numeric"
            min={1}
            error={errors.dailyCapacity?.message}
            {...register("dailyCapacity", asNumber)}
          />
          <Field
            label="Pas des créneaux (minutes)"
            hint="Un créneau peut commencer toutes les N minutes (30 : 08:00, 08:30, 09:00…)."
            type="number"
            inputMode="numeric"
            min={5}
            error={errors.slotStepMinutes?.message}
            {...register("slotStepMinutes", asNumber)}
          />
          <Field
            label="Vitesse moyenne de trajet (km/h)"
            hint="Sert à estimer le temps de route entre deux adresses (à vol d'oiseau)."
            type="number"
            inputMode="decimal"
            min={5}
            error={errors.averageSpeedKmh?.message}
            {...register("averageSpeedKmh", asNumber)}
          />
          <Field
            label="Heure du SMS de rappel"
            hint="Le rappel part la veille du rendez-vous à cette heure (heure de Paris)."
            type="time"
            error={errors.reminderTime?.message}
            {...register("reminderTime")}
          />
        </div>
      </fieldset>
      {readOnly ? null : (
        <div className="space-y-3">
          <Button type="submit" size="md" pending={saver.saving}>
            Enregistrer
          </Button>
          <SaveStatus {...saver.statusProps} />
        </div>
      )}
    </form>
  );
}
