"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FieldFrame, INPUT_CLASSES } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { discardDeliveryAction, retryDeliveryAction, runHubSpotCheckAction } from "@/lib/console/actions/deliveries";
import { discardSchema } from "@/lib/console/schemas";

export interface DeskRow {
  id: string;
  kind: string;
  what: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  discardReason: string | null;
}

const STATUS = { pending: "en attente", sending: "en cours d'envoi", dead: "en échec", discarded: "abandonné", sent: "remis" } as Record<string, string>;
const KIND = { email: "E-mail", sms: "SMS", hubspot: "HubSpot" } as Record<string, string>;
const when = (iso: string) => new Date(iso).toLocaleString("fr-FR", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "short" });

type DiscardInput = z.input<typeof discardSchema>;
type DiscardOutput = z.output<typeof discardSchema>;

/** « Abandonner avec un motif » (administrators): the motif checked by the action's own schema. */
function DiscardForm({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<DiscardInput, unknown, DiscardOutput>({ resolver: zodResolver(discardSchema), defaultValues: { id, reason: "" } });
  return (
    <form
      noValidate
      className="space-y-1"
      onSubmit={handleSubmit(async (input) => {
        setFormError(null);
        const r = await discardDeliveryAction(input);
        if (r.ok) return onDone("Envoi abandonné.");
        if (r.fieldErrors?.reason) setError("reason", { message: r.fieldErrors.reason });
        else setFormError(r.error);
      })}
    >
      <input type="hidden" {...register("id")} />
      <FieldFrame label="Motif de l'abandon" size="sm" error={errors.reason?.message} announce="assertive">
        {(control) => <input {...control} className={INPUT_CLASSES} {...register("reason")} />}
      </FieldFrame>
      <Button size="xs" variant="danger" type="submit" disabled={isSubmitting}>
        Abandonner
      </Button>
      <FormError variant="inline">{formError}</FormError>
    </form>
  );
}

function RowActions({ row, admin, onDone }: { row: DeskRow; admin: boolean; onDone: (message: string) => void }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState(false);
  return (
    <div className="space-y-2">
      {row.status === "dead" ? (
        <Button
          size="xs"
          variant="secondary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await retryDeliveryAction({ id: row.id });
              if (r.ok) onDone("Nouvel envoi programmé.");
              else setError(r.error);
            })
          }
        >
          Réessayer
        </Button>
      ) : null}
      {admin && (row.status === "dead" || row.status === "pending") ? (
        discarding ? (
          <DiscardForm id={row.id} onDone={onDone} />
        ) : (
          <Button size="xs" variant="danger-outline" onClick={() => setDiscarding(true)}>
            Abandonner…
          </Button>
        )
      ) : null}
      <FormError variant="inline">{error}</FormError>
    </div>
  );
}

export function DeliveryTable({ rows, admin }: { rows: DeskRow[]; admin: boolean }) {
  const router = useRouter();
  const [notice, setNotice] = useState("");
  if (rows.length === 0) return <p className="text-slate-700">Aucun envoi en attente, en échec ou abandonné.</p>;
  return (
    <div>
      <p role="status" className="min-h-6 text-sm text-green-800">
        {notice}
      </p>
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Envois non remis (défilement horizontal)">
        <table className="w-full min-w-[44rem] border-collapse text-left text-sm">
          <caption className="sr-only">Envois non remis</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="p-2">Type</th>
              <th scope="col" className="p-2">Objet</th>
              <th scope="col" className="p-2">État</th>
              <th scope="col" className="p-2">Essais</th>
              <th scope="col" className="p-2">Dernière erreur</th>
              <th scope="col" className="p-2">Dates</th>
              <th scope="col" className="p-2">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-b border-slate-200 align-top" data-outbox-id={row.id}>
                <td className="p-2">{KIND[row.kind] ?? row.kind}</td>
                <td className="p-2 font-mono text-xs">{row.what}</td>
                <td className="p-2">{STATUS[row.status] ?? row.status}{row.discardReason ? ` (${row.discardReason})` : ""}</td>
                <td className="p-2">{row.attempts} / {row.maxAttempts}</td>
                <td className="max-w-64 break-words p-2 text-xs">{row.lastError ?? "—"}</td>
                <td className="p-2 text-xs">
                  créé {when(row.createdAt)}
                  <br />
                  prochain essai {when(row.nextAttemptAt)}
                </td>
                <td className="p-2">
                  <RowActions
                    row={row}
                    admin={admin}
                    onDone={(m) => {
                      setNotice(m);
                      router.refresh();
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** « Vérifier la connexion »: the same checks as `npm run hubspot:check`, with a progress status and the result table. */
export function HubSpotCheckButton() {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; rows: { step: string; result: string; detail: string }[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-3">
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            setError(null);
            setResult(null);
            const r = await runHubSpotCheckAction({});
            if (r.ok) setResult(r.data);
            else setError(r.error);
          })
        }
      >
        Vérifier la connexion HubSpot
      </Button>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {pending ? "Vérification en cours (jusqu'à une minute : HubSpot indexe l'objet de test)…" : result ? (result.ok ? "Toutes les vérifications ont réussi." : "Certaines vérifications ont échoué.") : ""}
      </p>
      <p role="alert" className="text-sm text-red-800">
        {error}
      </p>
      {result ? (
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Résultat des vérifications</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="p-2">Étape</th>
              <th scope="col" className="p-2">Résultat</th>
              <th scope="col" className="p-2">Détail</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.step} className="border-b border-slate-200">
                <td className="p-2">{r.step}</td>
                <td className="p-2">{r.result === "ok" ? "réussi" : r.result === "fail" ? "échec" : "ignoré"}</td>
                <td className="p-2 text-xs">{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
