"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useMemo, useState } from "react";
import { get, useFieldArray, useForm, useFormState, useWatch, type Control, type FieldArrayPath, type UseFormRegister } from "react-hook-form";
import { z } from "zod";
import { formatDay } from "./closures-form";
import { SaveStatus, useFollowVersion, useSaveSettings } from "./save-settings";
import { Button } from "@/components/ui/button";
import { Field, FieldFrame, INPUT_CLASSES } from "@/components/ui/field";
import { INTERVENTION_TYPES } from "@/lib/model/vocabulary";
import { techniciansSchema, WEEKDAY_LABELS, WEEKDAYS, type TechnicianSettingsInput, type TechnicianSettings, type Weekday } from "@/lib/settings/schemas";
import { addDays, daysBetween, isValidDate } from "@/lib/time/paris";
import { FRENCH_ZOD_ERRORS } from "@/lib/i18n/zod-errors";

/** An active user of the HubSpot account (lib/console listTechnicianCandidates). */
export interface TechnicianCandidate {
  ownerId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

const formSchema = z.object({ technicians: techniciansSchema });
type FormInput = { technicians: TechnicianSettingsInput[] };
type FormOutput = { technicians: TechnicianSettings[] };

const SKILL_LABELS = new Map<string, string>(INTERVENTION_TYPES.map((t) => [t.value, t.label]));
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const ownerName = (o: TechnicianCandidate) => [o.firstName, o.lastName].filter(Boolean).join(" ") || o.email;
const INACTIVE = "n'est plus actif dans HubSpot : plus proposé aux clients";
/** A range of days off adds at most this many dates at once. */
const MAX_RANGE_DAYS = 366;

/** The form holds the seven weekdays (an empty list: not worked), days off sorted. */
function toForm(list: readonly TechnicianSettingsInput[]): FormInput {
  return {
    technicians: list.map((t) => ({
      ...t,
      weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, [...(t.weekly[d] ?? [])]])),
      daysOff: [...(t.daysOff ?? [])].sort(),
      overrides: [...(t.overrides ?? [])].map((o) => ({ date: o.date, intervals: [...o.intervals] })),
    })),
  };
}

function blankTechnician(): TechnicianSettingsInput {
  const day = () => [
    { start: "08:00", end: "12:00" },
    { start: "13:30", end: "17:30" },
  ];
  return {
    ownerId: "",
    firstName: "",
    skills: [],
    home: { address: "", lat: 0, lng: 0, communeCode: null },
    weekly: { mon: day(), tue: day(), wed: day(), thu: day(), fri: day(), sat: [], sun: [] },
    daysOff: [],
    overrides: [],
  };
}

/** Techniciens: who takes appointments, with their skills, starting point, hours and days off. Saved as one list. */
export function TechniciansForm({ initial, version, candidates }: { initial: TechnicianSettingsInput[]; version: number; candidates: TechnicianCandidate[] | null }) {
  const initialForm = useMemo(() => toForm(initial), [initial]);
  const form = useForm<FormInput, unknown, FormOutput>({ resolver: zodResolver(formSchema, FRENCH_ZOD_ERRORS), defaultValues: initialForm });
  const { control, handleSubmit } = form;
  const list = useFieldArray({ control, name: "technicians" });
  const technicians = useWatch({ control, name: "technicians" });
  const { errors } = useFormState({ control });
  const [selected, setSelected] = useState<number | null>(null);
  const saver = useSaveSettings<TechnicianSettings[]>("technicians", version, { setError: form.setError as never, fieldPrefix: "technicians" });
  useFollowVersion(version, initialForm, form.reset);

  const active = useMemo(() => new Map((candidates ?? []).map((c) => [c.ownerId, c])), [candidates]);
  const withErrors = new Set((Array.isArray(errors.technicians) ? errors.technicians : []).flatMap((e, i) => (e ? [i] : [])));

  const current = selected !== null && selected < list.fields.length ? selected : null;

  return (
    <form
      noValidate
      aria-busy={saver.saving}
      onChange={saver.reset}
      onSubmit={handleSubmit(
        async (value) => {
          const outcome = await saver.save(value.technicians);
          // Refused by the server: open the first technician it found an error in, then focus the field.
          if (outcome.status !== "invalid") return;
          const first = Object.keys(outcome.fieldErrors).find((p) => /^\d+\./.test(p));
          if (!first) return;
          setSelected(Number(first.split(".")[0]));
          setTimeout(() => {
            try {
              form.setFocus(`technicians.${first}` as never);
            } catch {
              // no control for that path: the banner lists it
            }
          }, 0);
        },
        (invalid) => {
          // The browser-side check failed: open the first technician in error (react-hook-form focuses its field).
          const index = Array.isArray(invalid.technicians) ? invalid.technicians.findIndex((e) => Boolean(e)) : -1;
          if (index >= 0 && index !== current) {
            setSelected(index);
            setTimeout(() => {
              const firstError = document.querySelector<HTMLElement>("[data-technician-editor] [aria-invalid='true']");
              firstError?.focus();
            }, 0);
          }
        },
      )}
      className="space-y-6"
    >
      <section aria-labelledby="techniciens-liste" className="space-y-3">
        <h2 id="techniciens-liste" className="text-lg font-semibold text-brand-900">
          L&apos;équipe
        </h2>
        {candidates === null ? (
          <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-950">
            HubSpot ne répond pas : la liste des utilisateurs ne peut pas être chargée. Vous pouvez modifier les techniciens existants ; pour en ajouter un, réessayez dans un
            instant.
          </p>
        ) : null}
        {list.fields.length === 0 ? <p className="text-slate-700">Aucun technicien : aucun créneau n&apos;est proposé aux clients.</p> : null}
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[36rem] border-collapse text-left text-sm">
            <caption className="sr-only">Techniciens</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="p-2">Prénom</th>
                <th scope="col" className="p-2">Utilisateur HubSpot</th>
                <th scope="col" className="p-2">Compétences</th>
                <th scope="col" className="p-2">Point de départ</th>
                <th scope="col" className="p-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.fields.map((field, i) => {
                const t = technicians[i] ?? field;
                const owner = active.get(t.ownerId);
                const name = str(t.firstName) || "Nouveau technicien";
                return (
                  <tr key={field.id} className={`border-b border-slate-200 align-top ${current === i ? "bg-brand-50" : ""}`}>
                    <th scope="row" className="p-2 font-semibold">
                      {name}
                      {withErrors.has(i) ? <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-900">À corriger</span> : null}
                    </th>
                    <td className="p-2">
                      {owner ? (
                        <>
                          {ownerName(owner)}
                          <br />
                          <span className="text-slate-600">{owner.email}</span>
                        </>
                      ) : t.ownerId ? (
                        candidates === null ? (
                          <span className="text-slate-600">Utilisateur n° {t.ownerId}</span>
                        ) : (
                          <span className="font-medium text-red-800">
                            {name} {INACTIVE}
                          </span>
                        )
                      ) : (
                        <span className="text-slate-600">À choisir</span>
                      )}
                    </td>
                    <td className="p-2">{(t.skills ?? []).map((s) => SKILL_LABELS.get(s) ?? s).join(", ") || "—"}</td>
                    <td className="p-2">{str(t.home?.address) || "—"}</td>
                    <td className="p-2">
                      <Button
                        type="button"
                        variant="neutral"
                        size="compact"
                        aria-expanded={current === i}
                        aria-controls="technicien-edition"
                        onClick={() => setSelected(current === i ? null : i)}
                      >
                        {current === i ? "Fermer" : "Modifier"}
                        <span className="sr-only"> {name}</span>
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <Button
          type="button"
          variant="secondary"
          disabled={candidates === null}
          onClick={() => {
            list.append(blankTechnician(), { shouldFocus: false });
            setSelected(list.fields.length);
          }}
        >
          Ajouter un technicien
        </Button>
      </section>

      {current !== null ? (
        <TechnicianEditor
          key={list.fields[current]!.id}
          index={current}
          control={control}
          register={form.register}
          setValue={(path, value) => form.setValue(path as never, value as never, { shouldDirty: true, shouldValidate: form.formState.isSubmitted })}
          candidates={candidates}
          takenOwnerIds={technicians.filter((_, k) => k !== current).map((t) => t.ownerId)}
          onRemove={() => {
            list.remove(current);
            setSelected(null);
          }}
        />
      ) : null}

      <div className="space-y-3">
        <p className="text-sm text-slate-600">La liste entière est enregistrée d&apos;un coup. Une nouvelle adresse de départ est localisée à l&apos;enregistrement.</p>
        <Button type="submit" size="md" pending={saver.saving}>
          Enregistrer
        </Button>
        <SaveStatus {...saver.statusProps} />
      </div>
    </form>
  );
}

type SetValue = (path: string, value: unknown) => void;

function TechnicianEditor({
  index,
  control,
  register,
  setValue,
  candidates,
  takenOwnerIds,
  onRemove,
}: {
  index: number;
  control: Control<FormInput, unknown, FormOutput>;
  register: UseFormRegister<FormInput>;
  setValue: SetValue;
  candidates: TechnicianCandidate[] | null;
  takenOwnerIds: string[];
  onRemove: () => void;
}) {
  const base = `technicians.${index}` as const;
  const t = useWatch({ control, name: base });
  const { errors } = useFormState({ control });
  const err = (path: string): string | undefined => {
    const e = get(errors, `${base}.${path}`) as { message?: string; root?: { message?: string } } | undefined;
    return e?.message ?? e?.root?.message;
  };
  const owner = candidates?.find((c) => c.ownerId === t.ownerId);
  const offered = (candidates ?? []).filter((c) => c.ownerId === t.ownerId || !takenOwnerIds.includes(c.ownerId));
  const firstName = str(t.firstName);
  const title = firstName ? `Modifier ${firstName}` : "Nouveau technicien";
  const ownerField = register(`${base}.ownerId`);

  return (
    <section id="technicien-edition" data-technician-editor aria-labelledby="technicien-edition-titre" className="space-y-6 rounded-xl border border-slate-300 bg-white p-4 sm:p-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="technicien-edition-titre" className="text-lg font-semibold text-brand-900">
          {title}
        </h2>
        <Button type="button" variant="danger-outline" size="compact" onClick={onRemove}>
          Retirer ce technicien
        </Button>
      </div>

      <div className="grid gap-x-4 sm:grid-cols-2">
        <FieldFrame
          label="Utilisateur HubSpot"
          hint={t.ownerId && !owner && candidates !== null ? `${firstName || "Ce technicien"} ${INACTIVE}. Choisissez un utilisateur actif ou retirez-le.` : "Les rendez-vous sont attribués à cet utilisateur dans HubSpot."}
          error={err("ownerId")}
        >
          {(controlProps) => (
            <select
              {...controlProps}
              className={INPUT_CLASSES}
              {...ownerField}
              onChange={(event) => {
                void ownerField.onChange(event);
                const picked = candidates?.find((c) => c.ownerId === event.target.value);
                if (picked?.firstName && !firstName) setValue(`${base}.firstName`, picked.firstName);
              }}
            >
              <option value="">Choisir un utilisateur…</option>
              {t.ownerId && !owner ? <option value={t.ownerId}>{candidates === null ? `Utilisateur n° ${t.ownerId}` : `${firstName || t.ownerId} (plus actif dans HubSpot)`}</option> : null}
              {offered.map((c) => (
                <option key={c.ownerId} value={c.ownerId}>
                  {ownerName(c)} — {c.email}
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <Field label="Prénom" hint="Affiché aux clients avec le rendez-vous." autoComplete="off" error={err("firstName")} {...register(`${base}.firstName`)} />
      </div>

      <fieldset aria-describedby={err("skills") ? `${base}-skills-erreur` : undefined}>
        <legend className="font-semibold text-slate-900">Compétences</legend>
        <p className="text-sm text-slate-600">Une prestation n&apos;est proposée qu&apos;avec un technicien qui a toutes les compétences qu&apos;elle demande.</p>
        <div className="mt-1 grid sm:grid-cols-2">
          {INTERVENTION_TYPES.map((type) => (
            <label key={type.value} className="flex min-h-11 items-center gap-3">
              <input type="checkbox" value={type.value} className="size-5 accent-brand-700" aria-invalid={err("skills") ? true : undefined} {...register(`${base}.skills`)} />
              {type.label}
            </label>
          ))}
        </div>
        <p id={`${base}-skills-erreur`} className="min-h-5 text-sm font-medium text-red-800">
          {err("skills")}
        </p>
      </fieldset>

      <Field
        label="Adresse de départ"
        hint="Où commence sa journée (domicile ou dépôt) : sert au calcul des trajets et à la zone d'intervention. Numéro, rue, code postal et ville."
        autoComplete="off"
        error={err("home.address")}
        {...register(`${base}.home.address`)}
      />

      <fieldset className="space-y-2">
        <legend className="font-semibold text-slate-900">Horaires de la semaine</legend>
        <p className="text-sm text-slate-600">Un jour sans plage horaire n&apos;est pas travaillé.</p>
        {err("weekly") ? (
          <p role="alert" className="text-sm font-medium text-red-800">
            {err("weekly")}
          </p>
        ) : null}
        <div className="divide-y divide-slate-200">
          {WEEKDAYS.map((day) => (
            <IntervalsEditor key={day} control={control} register={register} name={`${base}.weekly.${day}`} what={capital(WEEKDAY_LABELS[day])} empty="Ne travaille pas" />
          ))}
        </div>
      </fieldset>

      <DaysOffEditor value={t.daysOff ?? []} onChange={(dates) => setValue(`${base}.daysOff`, dates)} error={err("daysOff")} />

      <OverridesEditor control={control} register={register} base={base} />
    </section>
  );
}

/** The working intervals of one day: start–end pairs, added and removed. */
function IntervalsEditor({
  control,
  register,
  name,
  what,
  empty,
}: {
  control: Control<FormInput, unknown, FormOutput>;
  register: UseFormRegister<FormInput>;
  name: `technicians.${number}.weekly.${Weekday}` | `technicians.${number}.overrides.${number}.intervals`;
  what: string;
  empty: string;
}) {
  const intervals = useFieldArray({ control, name: name as FieldArrayPath<FormInput> as `technicians.${number}.overrides.${number}.intervals` });
  const { errors } = useFormState({ control, name });
  const values = useWatch({ control, name }) as { start?: string; end?: string }[] | undefined;
  const id = useId();
  const rootError = (get(errors, name) as { message?: string; root?: { message?: string } } | undefined)?.root?.message;
  return (
    <div role="group" aria-labelledby={`${id}-jour`} className="flex flex-col gap-2 py-2 sm:flex-row sm:items-start">
      <span id={`${id}-jour`} className="w-28 shrink-0 pt-2 font-medium text-slate-900">
        {what}
      </span>
      <div className="flex-1 space-y-2">
        {intervals.fields.length === 0 ? <p className="pt-2 text-sm text-slate-600">{empty}</p> : null}
        {intervals.fields.map((field, k) => {
          const startError = (get(errors, `${name}.${k}.start`) as { message?: string } | undefined)?.message;
          const endError = (get(errors, `${name}.${k}.end`) as { message?: string } | undefined)?.message;
          const label = `${what}, plage ${k + 1}`;
          return (
            <div key={field.id}>
              <div className="flex flex-wrap items-center gap-2">
                <input
                  type="time"
                  aria-label={`${label} : début`}
                  aria-invalid={startError ? true : undefined}
                  aria-describedby={startError || endError ? `${id}-${k}-erreur` : undefined}
                  className="min-h-11 rounded-lg border border-slate-400 bg-white px-2 aria-[invalid=true]:border-red-700"
                  {...register(`${name}.${k}.start` as `technicians.${number}.overrides.${number}.intervals.${number}.start`)}
                />
                <span aria-hidden="true">–</span>
                <input
                  type="time"
                  aria-label={`${label} : fin`}
                  aria-invalid={endError ? true : undefined}
                  aria-describedby={startError || endError ? `${id}-${k}-erreur` : undefined}
                  className="min-h-11 rounded-lg border border-slate-400 bg-white px-2 aria-[invalid=true]:border-red-700"
                  {...register(`${name}.${k}.end` as `technicians.${number}.overrides.${number}.intervals.${number}.end`)}
                />
                <Button type="button" variant="neutral" size="compact" aria-label={`Retirer la plage ${k + 1} (${what.toLowerCase()})`} onClick={() => intervals.remove(k)}>
                  Retirer
                </Button>
              </div>
              {startError || endError ? (
                <p id={`${id}-${k}-erreur`} className="mt-1 text-sm font-medium text-red-800">
                  {[startError, endError].filter(Boolean).join(" · ")}
                </p>
              ) : null}
            </div>
          );
        })}
        {rootError ? <p className="text-sm font-medium text-red-800">{rootError}</p> : null}
        <Button
          type="button"
          variant="link"
          size="inline"
          aria-label={`Ajouter une plage horaire (${what.toLowerCase()})`}
          onClick={() => {
            const last = values?.[values.length - 1];
            intervals.append({ start: last?.end && last.end < "14:00" ? "14:00" : "08:00", end: last?.end && last.end < "14:00" ? "18:00" : "12:00" });
          }}
        >
          + Ajouter une plage
        </Button>
      </div>
    </div>
  );
}

/** Whole days off: one date at a time, or each day of a range « du … au … ». */
function DaysOffEditor({ value, onChange, error }: { value: string[]; onChange: (dates: string[]) => void; error?: string }) {
  const id = useId();
  const [day, setDay] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [dayError, setDayError] = useState<string | null>(null);
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [added, setAdded] = useState("");

  const merge = (dates: string[]) => [...new Set([...value, ...dates])].sort();

  const addDay = () => {
    if (!isValidDate(day)) return setDayError("Choisissez une date (jour, mois, année).");
    if (value.includes(day)) return setDayError(`Le ${formatDay(day)} est déjà un jour de congé.`);
    setDayError(null);
    onChange(merge([day]));
    setAdded(`${formatDay(day)} ajouté aux jours de congé.`);
    setDay("");
  };
  const addRange = () => {
    if (!isValidDate(from) || !isValidDate(to)) return setRangeError("Indiquez le premier et le dernier jour de congé.");
    if (to < from) return setRangeError("Le dernier jour doit être le premier jour ou après.");
    const count = daysBetween(from, to) + 1;
    if (count > MAX_RANGE_DAYS) return setRangeError(`Une période de ${MAX_RANGE_DAYS} jours au plus.`);
    setRangeError(null);
    const dates = Array.from({ length: count }, (_, k) => addDays(from, k));
    const fresh = dates.filter((d) => !value.includes(d));
    onChange(merge(dates));
    setAdded(`${fresh.length} jour${fresh.length > 1 ? "s" : ""} de congé ajouté${fresh.length > 1 ? "s" : ""}, du ${formatDay(from)} au ${formatDay(to)}.`);
    setFrom("");
    setTo("");
  };
  const onEnter = (action: () => void) => (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      action();
    }
  };

  return (
    <fieldset className="space-y-3">
      <legend className="font-semibold text-slate-900">Jours de congé</legend>
      <p className="text-sm text-slate-600">Journées entières sans rendez-vous (congés, formation).</p>
      {value.length === 0 ? <p className="text-sm text-slate-700">Aucun jour de congé.</p> : null}
      <ul className="space-y-1">
        {value.map((d) => (
          <li key={d} className="flex items-center gap-3">
            <span>{capital(formatDay(d))}</span>
            <Button type="button" variant="link" size="inline" aria-label={`Retirer le congé du ${formatDay(d)}`} onClick={() => onChange(value.filter((x) => x !== d))}>
              Retirer
            </Button>
          </li>
        ))}
      </ul>
      {error ? <p className="text-sm font-medium text-red-800">{error}</p> : null}
      <div className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor={`${id}-jour`} className="block text-sm font-semibold text-slate-900">
            Ajouter un jour de congé
          </label>
          <input
            id={`${id}-jour`}
            type="date"
            value={day}
            aria-invalid={dayError ? true : undefined}
            aria-describedby={dayError ? `${id}-jour-erreur` : undefined}
            onChange={(e) => setDay(e.target.value)}
            onKeyDown={onEnter(addDay)}
            className="min-h-11 rounded-lg border border-slate-400 bg-white px-2 aria-[invalid=true]:border-red-700"
          />
        </div>
        <Button type="button" variant="secondary" onClick={addDay}>
          Ajouter
        </Button>
      </div>
      {dayError ? (
        <p id={`${id}-jour-erreur`} role="alert" className="text-sm font-medium text-red-800">
          {dayError}
        </p>
      ) : null}
      <fieldset className="flex flex-wrap items-end gap-2">
        <legend className="mb-1 text-sm font-semibold text-slate-900">Ajouter une période de congé</legend>
        <div className="space-y-1">
          <label htmlFor={`${id}-du`} className="block text-sm text-slate-900">
            du
          </label>
          <input
            id={`${id}-du`}
            type="date"
            value={from}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? `${id}-periode-erreur` : undefined}
            onChange={(e) => setFrom(e.target.value)}
            onKeyDown={onEnter(addRange)}
            className="min-h-11 rounded-lg border border-slate-400 bg-white px-2 aria-[invalid=true]:border-red-700"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-au`} className="block text-sm text-slate-900">
            au
          </label>
          <input
            id={`${id}-au`}
            type="date"
            value={to}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? `${id}-periode-erreur` : undefined}
            onChange={(e) => setTo(e.target.value)}
            onKeyDown={onEnter(addRange)}
            className="min-h-11 rounded-lg border border-slate-400 bg-white px-2 aria-[invalid=true]:border-red-700"
          />
        </div>
        <Button type="button" variant="secondary" onClick={addRange}>
          Ajouter chaque jour
        </Button>
      </fieldset>
      {rangeError ? (
        <p id={`${id}-periode-erreur`} role="alert" className="text-sm font-medium text-red-800">
          {rangeError}
        </p>
      ) : null}
      <p role="status" className="sr-only">
        {added}
      </p>
    </fieldset>
  );
}

/** One-day overrides: other hours on a date (no interval: off that day). */
function OverridesEditor({ control, register, base }: { control: Control<FormInput, unknown, FormOutput>; register: UseFormRegister<FormInput>; base: `technicians.${number}` }) {
  const overrides = useFieldArray({ control, name: `${base}.overrides` });
  const { errors } = useFormState({ control, name: `${base}.overrides` });
  return (
    <fieldset className="space-y-3">
      <legend className="font-semibold text-slate-900">Horaires particuliers</legend>
      <p className="text-sm text-slate-600">Remplacent les horaires de la semaine pour une date. Sans plage horaire : ne travaille pas ce jour-là.</p>
      {overrides.fields.length === 0 ? <p className="text-sm text-slate-700">Aucun horaire particulier.</p> : null}
      <ol className="space-y-3">
        {overrides.fields.map((field, k) => (
          <li key={field.id} className="space-y-2 rounded-lg border border-slate-200 p-3">
            <div className="flex flex-wrap items-end gap-2">
              <Field
                label={`Date (horaires particuliers ${k + 1})`}
                type="date"
                className="w-72 max-w-full"
                error={(get(errors, `${base}.overrides.${k}.date`) as { message?: string } | undefined)?.message}
                {...register(`${base}.overrides.${k}.date`)}
              />
              <Button type="button" variant="danger-outline" size="compact" className="mb-6" aria-label={`Retirer les horaires particuliers ${k + 1}`} onClick={() => overrides.remove(k)}>
                Retirer
              </Button>
            </div>
            <IntervalsEditor control={control} register={register} name={`${base}.overrides.${k}.intervals`} what={`Horaires particuliers ${k + 1}`} empty="Ne travaille pas ce jour-là" />
          </li>
        ))}
      </ol>
      <Button type="button" variant="secondary" onClick={() => overrides.append({ date: "", intervals: [{ start: "08:00", end: "12:00" }] })}>
        Ajouter des horaires particuliers
      </Button>
    </fieldset>
  );
}
