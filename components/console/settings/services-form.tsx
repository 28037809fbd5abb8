"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useMemo, useState } from "react";
import { useFieldArray, useForm, useWatch, type FieldErrors, type Resolver } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { FieldFrame, INPUT_CLASSES } from "@/components/ui/field";
import { INTERVENTION_TYPES } from "@/lib/model/vocabulary";
import { servicesSchema, type Service } from "@/lib/settings/schemas";
import { AdminOnlyNote, SaveStatus, useSaveSettings } from "./save-settings";

/**
 * Prestations: the list (label, duration, booking mode) and one service at a time opened for
 * editing. The whole list is saved as one section (`services`). A saved service is never deleted:
 * bookings store its id and keep showing its name, so it is withdrawn instead (« Retirée »).
 */

type FormValues = { services: Service[] };

const formSchema = z.object({ services: servicesSchema });
const resolver = zodResolver(formSchema) as unknown as Resolver<FormValues, unknown, FormValues>;

export const BOOKING_LABELS: Record<Service["booking"], string> = {
  online: "Réservable en ligne",
  request: "Sur demande",
  withdrawn: "Retirée",
};

const BOOKING_HINTS: Record<Service["booking"], string> = {
  online: "Les clients choisissent un créneau libre dans le portail.",
  request: "Les clients envoient une demande, le bureau les rappelle pour fixer le rendez-vous.",
  withdrawn: "Plus proposée aux clients ; les rendez-vous déjà pris gardent son nom.",
};

/** « Dépannage électrique » → "depannage_electrique" (the id rule: a letter first, 2 to 40 of [a-z0-9_-]). */
export function serviceIdFromLabel(label: string): string {
  const slug = label
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .slice(0, 40)
    .replace(/_+$/, "");
  return slug.length >= 2 ? slug : "";
}

function formatDuration(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return "—";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, "0")}`;
}

const emptyService = (): Service => ({
  id: "",
  type: "depannage",
  label: "",
  description: "",
  en: { label: "", description: "" },
  durationMinutes: 60,
  requiredSkills: [],
  booking: "request",
});

const TEXTAREA_CLASSES = `${INPUT_CLASSES} min-h-24`;

export function ServicesForm({ initial, version, readOnly }: { initial: Service[]; version: number; readOnly: boolean }) {
  const form = useForm<FormValues, unknown, FormValues>({ resolver, defaultValues: { services: initial }, shouldFocusError: false });
  const { register, control, handleSubmit, setValue, setFocus, formState } = form;
  const { fields, append, remove } = useFieldArray({ control, name: "services", keyName: "key" });
  const saver = useSaveSettings<Service[]>("services", version, { setError: form.setError as never, setFocus: setFocus as never, fieldPrefix: "services" });
  // Ids already saved are read-only (bookings store them); new ones follow their label until edited.
  const savedIds = useMemo(() => new Set(initial.map((s) => s.id)), [initial]);
  const [idTouched, setIdTouched] = useState<Set<string>>(() => new Set());
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  // The service just added is open (its field-array key is known only after the next render).
  const [addedIndex, setAddedIndex] = useState<number | null>(null);
  // DOM ids from useId (the field array's keys are random: they would differ between server and browser).
  const baseId = useId();
  const services = useWatch({ control, name: "services" });

  // After a refresh (saved), the page passes the new list: it becomes the form's starting point.
  useEffect(() => {
    form.reset({ services: initial });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial]);

  const setOpenState = (key: string, index: number, value: boolean) => {
    setOpen((o) => (value ? new Set([...o, key]) : new Set([...o].filter((k) => k !== key))));
    if (!value && addedIndex === index) setAddedIndex(null);
  };

  const onInvalid = (errors: FieldErrors<FormValues>) => {
    const list = errors.services as unknown as Record<string, Record<string, unknown>> | undefined;
    const first = list ? Object.keys(list).find((k) => /^\d+$/.test(k)) : undefined;
    if (first === undefined) return;
    const field = Object.keys(list![first]!)[0];
    const path = field === "en" ? `services.${first}.en.label` : `services.${first}.${field}`;
    // A service with an error is shown open; focus once it is rendered (next frame).
    requestAnimationFrame(() => {
      try {
        setFocus(path as never);
      } catch {
        /* a group (skills): the error is next to it */
      }
    });
  };

  const addService = () => {
    const index = fields.length;
    append(emptyService(), { shouldFocus: false });
    setAddedIndex(index);
    requestAnimationFrame(() => setFocus(`services.${index}.label`));
  };

  return (
    <form noValidate aria-busy={saver.saving} onChange={saver.reset} onSubmit={handleSubmit((value) => saver.save(value.services), onInvalid)} className="space-y-4">
      {readOnly ? <AdminOnlyNote /> : null}
      <p className="text-sm text-slate-700">
        Une prestation enregistrée ne se supprime pas : les rendez-vous passés et à venir gardent son identifiant et continuent d&apos;afficher son nom. Pour ne plus la
        proposer, retirez-la (mode « Retirée ») ; vous pourrez la proposer de nouveau plus tard.
      </p>
      <div className="space-y-3">
        <ul className="space-y-3">
          {fields.map((field, index) => {
            const s = services[index] ?? field;
            const saved = savedIds.has(field.id) && field.id !== "";
            const errs = formState.errors.services?.[index];
            // Open when asked, just added, or with an error to show.
            const isOpen = open.has(field.key) || addedIndex === index || errs !== undefined;
            const editorId = `${baseId}-prestation-${index}`;
            return (
              <li key={field.key} className="rounded-lg border border-slate-200 bg-white">
                <div className="flex flex-wrap items-center justify-between gap-3 p-3">
                  <div className="min-w-0">
                    <p className="font-semibold text-slate-900">{s.label || "Nouvelle prestation"}</p>
                    <p className="text-sm text-slate-700">
                      {formatDuration(Number(s.durationMinutes))} · {BOOKING_LABELS[s.booking]}
                      {errs ? <span className="ml-2 font-medium text-red-800">· à corriger</span> : null}
                    </p>
                  </div>
                  <Button type="button" variant="neutral" size="compact" aria-expanded={isOpen} aria-controls={editorId} onClick={() => setOpenState(field.key, index, !isOpen)}>
                    {isOpen ? "Fermer" : readOnly ? "Voir" : "Modifier"}
                    <span className="sr-only"> {s.label || "la nouvelle prestation"}</span>
                  </Button>
                </div>
                <fieldset id={editorId} hidden={!isOpen} disabled={readOnly} className="space-y-3 border-t border-slate-200 p-3">
                  <legend className="sr-only">{s.label || "Nouvelle prestation"}</legend>
                  <div className="grid gap-x-4 sm:grid-cols-2">
                    <FieldFrame label="Libellé" error={errs?.label?.message}>
                      {(c) => (
                        <input
                          {...c}
                          className={INPUT_CLASSES}
                          {...register(`services.${index}.label`, {
                            onChange: (e: { target: { value: string } }) => {
                              if (!saved && !idTouched.has(field.key)) setValue(`services.${index}.id`, serviceIdFromLabel(e.target.value));
                            },
                          })}
                        />
                      )}
                    </FieldFrame>
                    <FieldFrame
                      label="Identifiant"
                      hint={saved ? "Fixé à la première sauvegarde : les rendez-vous s'y réfèrent." : "Proposé d'après le libellé ; modifiable jusqu'à la première sauvegarde."}
                      error={errs?.id?.message}
                    >
                      {(c) => (
                        <input
                          {...c}
                          readOnly={saved}
                          className={`${INPUT_CLASSES} font-mono ${saved ? "bg-slate-100" : ""}`}
                          {...register(`services.${index}.id`, { onChange: () => setIdTouched((t) => new Set([...t, field.key])) })}
                        />
                      )}
                    </FieldFrame>
                  </div>
                  <FieldFrame label="Description" error={errs?.description?.message}>
                    {(c) => <textarea {...c} rows={3} className={TEXTAREA_CLASSES} {...register(`services.${index}.description`)} />}
                  </FieldFrame>
                  <div className="grid gap-x-4 sm:grid-cols-2">
                    <FieldFrame label="Libellé anglais" error={errs?.en?.label?.message}>
                      {(c) => <input {...c} lang="en" className={INPUT_CLASSES} {...register(`services.${index}.en.label`)} />}
                    </FieldFrame>
                    <FieldFrame label="Durée (minutes)" hint="De 15 minutes à 8 heures." error={errs?.durationMinutes?.message}>
                      {(c) => <input {...c} type="number" inputMode="numeric" min={15} max={480} step={5} className={INPUT_CLASSES} {...register(`services.${index}.durationMinutes`, { valueAsNumber: true })} />}
                    </FieldFrame>
                  </div>
                  <FieldFrame label="Description anglaise" error={errs?.en?.description?.message}>
                    {(c) => <textarea {...c} lang="en" rows={3} className={TEXTAREA_CLASSES} {...register(`services.${index}.en.description`)} />}
                  </FieldFrame>
                  <FieldFrame label="Type d'intervention enregistré dans HubSpot" hint="La valeur du ticket créé pour chaque rendez-vous." error={errs?.type?.message}>
                    {(c) => (
                      <select {...c} className={INPUT_CLASSES} {...register(`services.${index}.type`)}>
                        {INTERVENTION_TYPES.map((t) => (
                          <option key={t.value} value={t.value}>
                            {t.label}
                          </option>
                        ))}
                      </select>
                    )}
                  </FieldFrame>
                  <fieldset aria-describedby={errs?.requiredSkills ? `${editorId}-competences-erreur` : undefined}>
                    <legend className="font-semibold text-slate-900">Compétences requises</legend>
                    <p className="text-sm text-slate-600">Seuls les techniciens qui ont toutes ces compétences reçoivent ces rendez-vous.</p>
                    <div className="mt-1 grid gap-1 sm:grid-cols-2">
                      {INTERVENTION_TYPES.map((t) => (
                        <label key={t.value} className="flex min-h-11 items-center gap-2">
                          <input type="checkbox" value={t.value} className="size-5" {...register(`services.${index}.requiredSkills`)} />
                          {t.label}
                        </label>
                      ))}
                    </div>
                    <p id={`${editorId}-competences-erreur`} className="min-h-5 text-sm font-medium text-red-800">
                      {errs?.requiredSkills?.message ?? errs?.requiredSkills?.root?.message}
                    </p>
                  </fieldset>
                  <fieldset>
                    <legend className="font-semibold text-slate-900">Mode de réservation</legend>
                    <div className="mt-1 space-y-1">
                      {(Object.keys(BOOKING_LABELS) as Service["booking"][]).map((mode) => (
                        <label key={mode} className="flex min-h-11 items-start gap-2">
                          <input type="radio" value={mode} className="mt-1 size-5" {...register(`services.${index}.booking`)} />
                          <span>
                            <span className="font-medium">{BOOKING_LABELS[mode]}</span>
                            <span className="block text-sm text-slate-600">{BOOKING_HINTS[mode]}</span>
                          </span>
                        </label>
                      ))}
                    </div>
                  </fieldset>
                  {!readOnly ? (
                    <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-3">
                      {saved ? (
                        s.booking !== "withdrawn" ? (
                          <Button type="button" variant="danger-outline" size="compact" onClick={() => setValue(`services.${index}.booking`, "withdrawn", { shouldDirty: true })}>
                            Retirer cette prestation
                          </Button>
                        ) : null
                      ) : (
                        <Button
                          type="button"
                          variant="danger-outline"
                          size="compact"
                          onClick={() => {
                            remove(index);
                            setAddedIndex(null);
                            saver.reset();
                          }}
                        >
                          Supprimer cette nouvelle prestation
                        </Button>
                      )}
                      {saved ? <p className="text-sm text-slate-600">Retirée, elle n&apos;est plus proposée aux clients ; les rendez-vous pris gardent son nom.</p> : null}
                    </div>
                  ) : null}
                </fieldset>
              </li>
            );
          })}
        </ul>
        {!readOnly ? (
          <Button type="button" variant="secondary" onClick={addService}>
            Ajouter une prestation
          </Button>
        ) : null}
      </div>
      {!readOnly ? (
        <div className="space-y-3 border-t border-slate-200 pt-4">
          <Button type="submit" pending={saver.saving} pendingLabel="Enregistrement…">
            Enregistrer
          </Button>
          <SaveStatus {...saver.statusProps} />
        </div>
      ) : null}
    </form>
  );
}
