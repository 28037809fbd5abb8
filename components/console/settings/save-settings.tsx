"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { saveSettingsAction } from "@/lib/console/actions/settings";
import type { SaveSettingsOutcome } from "@/lib/console/settings";
import type { SettingsKey } from "@/lib/settings/schemas";

/**
 * What every settings form of the console shares: saving one section through saveSettingsAction
 * with the version the page was rendered with, and showing the answer.
 *
 *   const saver = useSaveSettings("closures", version, { setError: form.setError, setFocus: form.setFocus });
 *   <form onSubmit={form.handleSubmit((value) => saver.save(value))}>…
 *     <Button type="submit" pending={saver.saving}>Enregistrer</Button>
 *     <SaveStatus {...saver.statusProps} />
 *
 * - saving: « Enregistrement… » (polite), `saving` true (disable the submit button);
 * - saved: « Enregistré » only once the action answered saved (its warnings listed), then
 *   router.refresh() so the page's version is the new one;
 * - invalid: each field error set on the form (setError; `fieldPrefix` prepended, e.g. the
 *   technicians form's "technicians" + "0.home.address"), the first one focused; "_" and any error
 *   the form cannot show are listed in the banner;
 * - stale: someone saved in between: the message and « Recharger » (router.refresh());
 * - affects_appointments: the appointments listed, « Enregistrer quand même (les rendez-vous
 *   restent réservés) » (saves again with acknowledgeConflicts) and « Annuler ».
 */

export type SaveConflict = Extract<SaveSettingsOutcome, { status: "affects_appointments" }>["conflicts"][number];

export type SaveState =
  | { status: "idle" }
  | { status: "saving" }
  | { status: "saved"; version: number; warnings: string[] }
  | { status: "invalid"; message: string; fieldErrors: Record<string, string> }
  | { status: "stale"; message: string }
  | { status: "affects_appointments"; message: string; conflicts: SaveConflict[] }
  | { status: "error"; message: string };

export interface SaveSettingsOptions {
  /** react-hook-form's setError (any path string). */
  setError?: (name: never, error: { type: string; message: string }) => void;
  /** react-hook-form's setFocus: the first field in error gets the focus. */
  setFocus?: (name: never) => void;
  /** Prepended to the server's field paths ("technicians" → "technicians.0.home.address"). */
  fieldPrefix?: string;
  /** Called after a save went through (before router.refresh()). */
  onSaved?: (version: number) => void;
}

export interface SaveStatusProps {
  state: SaveState;
  onAcknowledge?: () => void;
  onCancel?: () => void;
  onReload?: () => void;
}

export function useSaveSettings<V>(key: SettingsKey, version: number, options: SaveSettingsOptions = {}) {
  const router = useRouter();
  const [state, setState] = useState<SaveState>({ status: "idle" });
  const pendingValue = useRef<{ value: V } | null>(null);
  const optionsRef = useRef(options);
  useEffect(() => {
    optionsRef.current = options;
  });
  const inFlight = useRef(false);

  const save = useCallback(
    async (value: V, acknowledge = false): Promise<SaveState> => {
      if (inFlight.current) return { status: "saving" };
      inFlight.current = true;
      setState({ status: "saving" });
      let next: SaveState;
      try {
        const result = await saveSettingsAction({ key, value, expectedVersion: version, acknowledgeConflicts: acknowledge });
        if (!result.ok) {
          next = { status: "error", message: result.error };
        } else {
          const outcome = result.data;
          switch (outcome.status) {
            case "saved":
              pendingValue.current = null;
              next = { status: "saved", version: outcome.version, warnings: outcome.warnings };
              break;
            case "invalid":
              next = { status: "invalid", message: outcome.message, fieldErrors: outcome.fieldErrors };
              break;
            case "stale":
              next = { status: "stale", message: outcome.message };
              break;
            case "affects_appointments":
              pendingValue.current = { value };
              next = { status: "affects_appointments", message: outcome.message, conflicts: outcome.conflicts };
              break;
          }
        }
      } catch {
        next = { status: "error", message: "La console ne répond pas : rien n'a été enregistré. Vérifiez votre connexion et réessayez." };
      } finally {
        inFlight.current = false;
      }
      setState(next);
      const { setError, setFocus, fieldPrefix, onSaved } = optionsRef.current;
      if (next.status === "invalid") {
        const paths = Object.keys(next.fieldErrors).filter((p) => p !== "_");
        for (const path of paths) {
          const name = (fieldPrefix ? `${fieldPrefix}.${path}` : path) as never;
          setError?.(name, { type: "server", message: next.fieldErrors[path]! });
        }
        if (paths[0] && setFocus) {
          try {
            setFocus((fieldPrefix ? `${fieldPrefix}.${paths[0]}` : paths[0]) as never);
          } catch {
            // A path the form has no control for: the banner lists it.
          }
        }
      }
      if (next.status === "saved") {
        onSaved?.(next.version);
        router.refresh();
      }
      return next;
    },
    [key, version, router],
  );

  const acknowledge = useCallback(() => {
    const pending = pendingValue.current;
    if (pending) void save(pending.value, true);
  }, [save]);
  const cancel = useCallback(() => {
    pendingValue.current = null;
    setState({ status: "idle" });
  }, []);
  const reload = useCallback(() => {
    setState({ status: "idle" });
    router.refresh();
  }, [router]);
  /** Any edit: « Enregistré » goes (it would no longer be true), and so does a confirmation asked for the previous values. */
  const reset = useCallback(() => {
    if (pendingValue.current) pendingValue.current = null;
    setState((s) => (s.status === "saved" || s.status === "affects_appointments" ? { status: "idle" } : s));
  }, []);

  const statusProps: SaveStatusProps = { state, onAcknowledge: acknowledge, onCancel: cancel, onReload: reload };
  return { save, state, saving: state.status === "saving", acknowledge, cancel, reload, reset, statusProps };
}

/**
 * The form follows the saved section: when the page comes back with another version (after a
 * save, or « Recharger » after someone else's), the form restarts from the saved values. The form
 * is not remounted (no key): « Enregistré » stays on screen.
 */
export function useFollowVersion<V>(version: number, initial: V, reset: (values: V) => void) {
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    reset(initial);
  }, [version, initial, reset]);
}

const SOURCE_LABELS: Record<SaveConflict["source"], string> = { reservation: "réservation du portail", hubspot_meeting: "rendez-vous HubSpot" };
const REASON_LABELS: Record<SaveConflict["reason"], string> = {
  technician_removed: "technicien retiré",
  closed: "fermeture",
  day_off: "jour de congé",
  outside_hours: "hors des horaires",
};

const dayFormat = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", weekday: "long", day: "numeric", month: "long" });
const timeFormat = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" });

/** « mercredi 25 novembre, 09:00–10:30 — Julien — réservation du portail — jour de congé » */
export function describeConflict(c: SaveConflict): string {
  const start = new Date(c.start);
  const end = new Date(c.end);
  return `${dayFormat.format(start)}, ${timeFormat.format(start)}–${timeFormat.format(end)} — ${c.technicianName ?? "technicien inconnu"} — ${SOURCE_LABELS[c.source]} — ${REASON_LABELS[c.reason]}`;
}

/** The answer of the last save, in a polite live region (errors as alerts). */
export function SaveStatus({ state, onAcknowledge, onCancel, onReload }: SaveStatusProps) {
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === "affects_appointments") alertRef.current?.focus();
  }, [state]);
  return (
    <div className="space-y-2">
      <p role="status" aria-live="polite" className={state.status === "saved" ? "rounded-lg bg-green-50 p-3 text-sm font-medium text-green-900" : "sr-only"}>
        {state.status === "saving" ? "Enregistrement…" : state.status === "saved" ? "Enregistré" : ""}
      </p>
      {state.status === "saved" && state.warnings.length > 0 ? (
        <div className="rounded-lg bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-semibold">À noter :</p>
          <ul className="ml-5 list-disc">
            {state.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.status === "invalid" ? (
        <div role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">{state.message}</p>
          <ul className="ml-5 list-disc">
            {Object.entries(state.fieldErrors).map(([path, message]) => (
              <li key={path}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.status === "error" ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm font-medium text-red-900">
          {state.message}
        </p>
      ) : null}
      {state.status === "stale" ? (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">{state.message}</p>
          <Button type="button" variant="neutral" size="compact" onClick={onReload}>
            Recharger
          </Button>
        </div>
      ) : null}
      {state.status === "affects_appointments" ? (
        <div ref={alertRef} tabIndex={-1} role="alert" aria-labelledby="rendez-vous-touches" className="space-y-2 rounded-lg border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
          <p id="rendez-vous-touches" className="font-semibold">
            {state.message}
          </p>
          <ul className="ml-5 list-disc">
            {state.conflicts.map((c) => (
              <li key={`${c.technicianId}-${c.start}-${c.id ?? ""}`}>{describeConflict(c)}</li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="primary" onClick={onAcknowledge}>
              Enregistrer quand même (les rendez-vous restent réservés)
            </Button>
            <Button type="button" variant="neutral" onClick={onCancel}>
              Annuler
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** The note shown above a section an office user may read but not change. */
export function AdminOnlyNote() {
  return <p className="rounded-lg bg-slate-100 p-3 text-sm font-medium text-slate-800">Réservé aux administrateurs : vous pouvez consulter ces réglages, un administrateur les modifie.</p>;
}
