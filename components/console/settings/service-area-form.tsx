"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useId, useRef, useState } from "react";
import { useForm, useWatch, type Resolver } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldFrame, INPUT_CLASSES } from "@/components/ui/field";
import { serviceAreaSettingsSchema, type ServiceAreaSettings } from "@/lib/settings/schemas";
import { AdminOnlyNote, SaveStatus, useSaveSettings } from "./save-settings";

/**
 * Zone d'intervention: whole départements (picked from the official list, shown « 69 — Rhône »),
 * communes (searched as you type through /console/api/communes, shown as removable chips with
 * their postcode) and an optional radius around each technician's base. Saved as one section.
 */

export interface DepartementOption {
  code: string;
  name: string;
}

export interface CommuneChoice {
  code: string;
  name: string;
  postalCodes: string[];
  departement: string;
}

const resolver = zodResolver(serviceAreaSettingsSchema) as unknown as Resolver<ServiceAreaSettings, unknown, ServiceAreaSettings>;

const chip = "inline-flex min-h-11 items-center gap-1 rounded-full border border-slate-300 bg-white py-1 pl-3 pr-1 text-sm text-slate-900";
const chipButton = "inline-flex size-9 items-center justify-center rounded-full text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-700";

function communeText(c: CommuneChoice): string {
  const postcode = c.postalCodes[0];
  return postcode ? `${c.name} (${postcode}${c.postalCodes.length > 1 ? "…" : ""})` : c.name;
}

export function ServiceAreaForm({
  initial,
  version,
  readOnly,
  departements,
  communes: initialCommunes,
}: {
  initial: ServiceAreaSettings;
  version: number;
  readOnly: boolean;
  departements: DepartementOption[];
  communes: CommuneChoice[];
}) {
  const form = useForm<ServiceAreaSettings, unknown, ServiceAreaSettings>({ resolver, defaultValues: initial });
  const { register, control, handleSubmit, setValue, formState } = form;
  const saver = useSaveSettings<ServiceAreaSettings>("service_area", version, { setError: form.setError as never, setFocus: form.setFocus as never });
  const [known, setKnown] = useState<Map<string, CommuneChoice>>(() => new Map(initialCommunes.map((c) => [c.code, c])));
  const chosenDepartements = useWatch({ control, name: "departements" });
  const chosenCommunes = useWatch({ control, name: "communes" });
  const byDepartement = new Map(departements.map((d) => [d.code, d]));

  useEffect(() => {
    form.reset(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial]);

  const setList = (name: "departements" | "communes", list: string[]) => {
    setValue(name, list, { shouldDirty: true, shouldValidate: formState.isSubmitted });
    saver.reset();
  };

  /* ---------------- départements */
  const [departementPick, setDepartementPick] = useState("");
  const departementSelectId = useId();
  const addDepartement = () => {
    if (!departementPick || chosenDepartements.includes(departementPick)) return;
    setList("departements", [...chosenDepartements, departementPick]);
    setDepartementPick("");
  };

  /* ---------------- communes: search as you type */
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<CommuneChoice[]>([]);
  const [searchStatus, setSearchStatus] = useState("");
  const searchInput = useRef<HTMLInputElement>(null);
  const searchId = useId();
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) return;
    const controller = new AbortController();
    // A short pause while typing: one request per word, not per key.
    const timer = setTimeout(async () => {
      setSearchStatus("Recherche…");
      try {
        const res = await fetch(`/console/api/communes?q=${encodeURIComponent(q)}`, { signal: controller.signal, headers: { Accept: "application/json" } });
        const body = (await res.json().catch(() => ({}))) as { communes?: CommuneChoice[]; error?: string };
        if (!res.ok) {
          setResults([]);
          setSearchStatus(body.error ?? "La recherche de communes ne répond pas. Réessayez dans un instant.");
          return;
        }
        const list = body.communes ?? [];
        setResults(list);
        setSearchStatus(list.length === 0 ? "Aucune commune trouvée." : list.length === 1 ? "1 commune trouvée." : `${list.length} communes trouvées.`);
      } catch (error) {
        if ((error as { name?: string }).name === "AbortError") return;
        setResults([]);
        setSearchStatus("La recherche de communes ne répond pas. Vérifiez votre connexion.");
      }
    }, 200);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [query]);

  // Fewer than 2 characters: no search, nothing listed.
  const searching = query.trim().length >= 2;
  const shownResults = searching ? results : [];

  const addCommune = (c: CommuneChoice) => {
    setKnown((k) => new Map(k).set(c.code, c));
    if (!chosenCommunes.includes(c.code)) setList("communes", [...chosenCommunes, c.code]);
    setQuery("");
    setResults([]);
    setSearchStatus(`${c.name} ajoutée.`);
    searchInput.current?.focus();
  };

  const fieldError = (name: "communes" | "departements"): string | undefined => {
    const e = formState.errors[name] as unknown as Record<string, unknown> | undefined;
    if (!e) return undefined;
    if (typeof e.message === "string") return e.message;
    for (const v of Object.values(e)) if (v && typeof v === "object" && typeof (v as { message?: unknown }).message === "string") return (v as { message: string }).message;
    return undefined;
  };
  const rootError = (formState.errors as { root?: { message?: string }; [""]?: { message?: string } })[""]?.message ?? formState.errors.root?.message;

  return (
    <form noValidate aria-busy={saver.saving} onSubmit={handleSubmit((value) => saver.save(value))} className="space-y-6">
      {readOnly ? <AdminOnlyNote /> : null}
      <p className="text-sm text-slate-700">
        Une adresse est dans la zone si sa commune est listée, si son département l&apos;est, ou si elle est à moins du rayon indiqué du point de départ d&apos;un
        technicien. Les clients hors zone ne peuvent pas réserver en ligne.
      </p>
      <fieldset disabled={readOnly} className="space-y-6">
        <legend className="sr-only">Zone d&apos;intervention</legend>

        <fieldset className="space-y-2">
          <legend className="text-lg font-semibold text-slate-900">Départements entiers</legend>
          {chosenDepartements.length === 0 ? <p className="text-sm text-slate-600">Aucun département entier.</p> : null}
          <ul className="flex flex-wrap gap-2" aria-label="Départements choisis">
            {chosenDepartements.map((code) => {
              const text = `${code} — ${byDepartement.get(code)?.name ?? "département inconnu"}`;
              return (
                <li key={code} className={chip}>
                  {text}
                  {!readOnly ? (
                    <button type="button" className={chipButton} aria-label={`Retirer ${text}`} onClick={() => setList("departements", chosenDepartements.filter((d) => d !== code))}>
                      <span aria-hidden="true">×</span>
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {!readOnly ? (
            <div className="flex flex-wrap items-end gap-2">
              <div className="min-w-0 flex-1 sm:max-w-sm">
                <label htmlFor={departementSelectId} className="block font-semibold text-slate-900">
                  Ajouter un département
                </label>
                <select id={departementSelectId} className={INPUT_CLASSES} value={departementPick} onChange={(e) => setDepartementPick(e.target.value)}>
                  <option value="">Choisir…</option>
                  {departements
                    .filter((d) => !chosenDepartements.includes(d.code))
                    .map((d) => (
                      <option key={d.code} value={d.code}>
                        {d.code} — {d.name}
                      </option>
                    ))}
                </select>
              </div>
              <Button type="button" variant="neutral" onClick={addDepartement} disabled={!departementPick}>
                Ajouter ce département
              </Button>
            </div>
          ) : null}
          <p className="min-h-5 text-sm font-medium text-red-800">{fieldError("departements")}</p>
        </fieldset>

        <fieldset className="space-y-2">
          <legend className="text-lg font-semibold text-slate-900">Communes</legend>
          {chosenCommunes.length === 0 ? <p className="text-sm text-slate-600">Aucune commune listée.</p> : null}
          <ul className="flex flex-wrap gap-2" aria-label="Communes choisies">
            {chosenCommunes.map((code) => {
              const c = known.get(code);
              const text = c ? communeText(c) : code;
              return (
                <li key={code} className={chip}>
                  {text}
                  {!readOnly ? (
                    <button type="button" className={chipButton} aria-label={`Retirer ${text}`} onClick={() => setList("communes", chosenCommunes.filter((x) => x !== code))}>
                      <span aria-hidden="true">×</span>
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {!readOnly ? (
            <div className="space-y-2 sm:max-w-md">
              <FieldFrame label="Rechercher une commune" hint="Le début du nom ou du code postal (ex. « villeur » ou « 69100 »)." errorSpace="auto">
                {(control) => (
                  <input
                    {...control}
                    ref={searchInput}
                    type="search"
                    autoComplete="off"
                    aria-controls={`${searchId}-resultats`}
                    className={INPUT_CLASSES}
                    value={query}
                    onChange={(e) => setQuery(e.target.value)}
                    onKeyDown={(e) => {
                      // Enter picks the first suggestion instead of submitting the whole form.
                      if (e.key === "Enter") {
                        e.preventDefault();
                        if (shownResults[0]) addCommune(shownResults[0]);
                      }
                    }}
                  />
                )}
              </FieldFrame>
              <p role="status" aria-live="polite" className="min-h-5 text-sm text-slate-700">
                {searching || searchStatus.endsWith("ajoutée.") ? searchStatus : ""}
              </p>
              {shownResults.length > 0 ? (
                <ul id={`${searchId}-resultats`} aria-label="Communes trouvées" className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white">
                  {shownResults.map((c) => {
                    const already = chosenCommunes.includes(c.code);
                    return (
                      <li key={c.code}>
                        <button
                          type="button"
                          disabled={already}
                          className="flex min-h-11 w-full items-center justify-between gap-2 px-3 py-2 text-left hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-700 disabled:text-slate-500"
                          onClick={() => addCommune(c)}
                        >
                          <span>
                            {c.name} <span className="text-slate-600">({c.postalCodes.join(", ")})</span>
                          </span>
                          <span className="text-sm text-slate-600">{already ? "déjà listée" : `Ajouter · ${c.departement}`}</span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
              ) : (
                <div id={`${searchId}-resultats`} />
              )}
            </div>
          ) : null}
          <p className="min-h-5 text-sm font-medium text-red-800">{fieldError("communes")}</p>
        </fieldset>

        <FieldFrame
          label="Rayon autour du point de départ de chaque technicien (km)"
          hint="Facultatif : laissez vide pour ne servir que les communes et départements listés."
          error={formState.errors.radiusKm?.message}
          className="sm:max-w-md"
        >
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="decimal"
              min={1}
              max={300}
              step="any"
              className={INPUT_CLASSES}
              {...register("radiusKm", { setValueAs: (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v)), onChange: saver.reset })}
            />
          )}
        </FieldFrame>
      </fieldset>
      {rootError ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-900">
          {rootError}
        </p>
      ) : null}
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
