"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { SaveStatus, useFollowVersion, useSaveSettings } from "./save-settings";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { z } from "zod";
import { closuresSchema, type ClosureSettings } from "@/lib/settings/schemas";
import { FRENCH_ZOD_ERRORS } from "@/lib/i18n/zod-errors";

type ClosuresInput = z.input<typeof closuresSchema>;

export interface HolidayRow {
  date: string;
  name: string;
}

const longDate = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });
/** « jeudi 25 décembre 2026 » for a calendar date (YYYY-MM-DD). */
export const formatDay = (date: string) => longDate.format(new Date(`${date}T00:00:00Z`));

/** Fermetures: closed on public holidays or not, and the periods the business is closed (holidays, stock-taking…). */
export function ClosuresForm({ initial, version, holidays }: { initial: ClosuresInput; version: number; holidays: HolidayRow[] }) {
  const form = useForm<ClosuresInput, unknown, ClosureSettings>({ resolver: zodResolver(closuresSchema, FRENCH_ZOD_ERRORS), defaultValues: initial });
  const {
    register,
    handleSubmit,
    control,
    formState: { errors },
  } = form;
  const periods = useFieldArray({ control, name: "periods" });
  const publicHolidays = useWatch({ control, name: "publicHolidays" });
  const saver = useSaveSettings<ClosureSettings>("closures", version, { setError: form.setError as never, setFocus: form.setFocus as never });
  useFollowVersion(version, initial, form.reset);

  return (
    <form noValidate aria-busy={saver.saving} onSubmit={handleSubmit((value) => saver.save(value))} onChange={saver.reset} className="space-y-6">
      <fieldset className="space-y-2">
        <legend className="text-lg font-semibold text-brand-900">Jours fériés</legend>
        <label className="flex min-h-11 items-center gap-3">
          <input type="checkbox" className="size-5 accent-brand-700" aria-describedby="feries-liste" {...register("publicHolidays")} />
          Fermé les jours fériés
        </label>
        <div id="feries-liste" className="text-sm text-slate-700">
          <p>
            {publicHolidays ? "Aucun créneau n'est proposé ces jours-là" : "Ces jours-là sont travaillés comme les autres"} (jours fériés des douze prochains mois, France
            métropolitaine hors Alsace-Moselle) :
          </p>
          <ul className="mt-1 gap-x-6 sm:columns-2">
            {holidays.map((h) => (
              <li key={h.date}>
                {formatDay(h.date)} — {h.name}
              </li>
            ))}
          </ul>
        </div>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-lg font-semibold text-brand-900">Périodes de fermeture</legend>
        <p className="text-sm text-slate-600">Congés de l&apos;entreprise, inventaire… Aucun créneau n&apos;est proposé du premier au dernier jour inclus.</p>
        {periods.fields.length === 0 ? <p className="text-sm text-slate-700">Aucune période de fermeture.</p> : null}
        <ol className="space-y-3">
          {periods.fields.map((field, i) => (
            <li key={field.id}>
              <fieldset className="grid gap-x-3 rounded-lg border border-slate-200 p-3 sm:grid-cols-[10rem_10rem_1fr_auto] sm:items-start">
                <legend className="sr-only">Période {i + 1}</legend>
                <Field label="Du" type="date" error={errors.periods?.[i]?.from?.message} {...register(`periods.${i}.from`)} />
                <Field label="Au (inclus)" type="date" error={errors.periods?.[i]?.to?.message} {...register(`periods.${i}.to`)} />
                <Field label="Motif" placeholder="Congés d'été" error={errors.periods?.[i]?.label?.message} {...register(`periods.${i}.label`)} />
                <Button type="button" variant="danger-outline" size="compact" className="sm:mt-7" onClick={() => periods.remove(i)} aria-label={`Retirer la période ${i + 1}`}>
                  Retirer
                </Button>
              </fieldset>
            </li>
          ))}
        </ol>
        <Button type="button" variant="secondary" onClick={() => periods.append({ from: "", to: "", label: "" }, { shouldFocus: true })}>
          Ajouter une période de fermeture
        </Button>
      </fieldset>

      <div className="space-y-3">
        <Button type="submit" size="md" pending={saver.saving}>
          Enregistrer
        </Button>
        <SaveStatus {...saver.statusProps} />
      </div>
    </form>
  );
}
