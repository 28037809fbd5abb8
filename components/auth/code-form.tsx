"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { FieldFrame } from "@/components/ui/field";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import type { z } from "zod";
import type { smsCodeSchema } from "@/lib/auth/identity";
import { decodeSignInFailure, signInFailureMessage } from "@/lib/auth/messages";
import { SubmitButton } from "./submit-button";
import { useHydrated } from "./use-hydrated";

type FormInput = z.input<typeof smsCodeSchema>;
type FormOutput = z.output<typeof smsCodeSchema>;

// The schema (zod) loads when the form is first used, not with the page.
const schema = lazyZodResolver<FormInput, FormOutput>(() => import("@/lib/auth/identity").then((m) => m.smsCodeSchema));

/** The 6-digit code; the attempt it belongs to is in an HttpOnly cookie. */
export function CodeForm({ retour, remainingTries: initialTries }: { retour: string; remainingTries: number }) {
  const hydrated = useHydrated();
  const [remainingTries, setRemainingTries] = useState(initialTries);
  const [dead, setDead] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({ resolver: schema.resolver, defaultValues: { code: "" } });

  const onSubmit = handleSubmit(async ({ code }) => {
    try {
      const result = await signIn("sms-code", { code, redirect: false, callbackUrl: retour });
      if (result?.ok && !result.error) {
        window.location.assign(retour);
        return;
      }
      const failure = decodeSignInFailure(result?.error);
      if (failure.remainingTries !== undefined) setRemainingTries(failure.remainingTries);
      if (failure.code !== "wrong-code" && failure.code !== "rate-limited" && failure.code !== "unavailable") setDead(true);
      setValue("code", "");
      setError("code", { message: signInFailureMessage("sms", result?.error) }, { shouldFocus: true });
    } catch {
      setError("code", { message: signInFailureMessage("sms", "unavailable") });
    }
  });

  const fieldError = errors.code?.message;
  return (
    <form
      onSubmit={onSubmit}
      onFocus={schema.preload}
      onPointerDown={schema.preload}
      // Before hydration a press must not put the code in the URL (GET): POST reloads the page.
      method="post"
      noValidate
      className="space-y-4"
      aria-busy={isSubmitting}
      data-hydrated={hydrated ? "" : undefined}
    >
      <FieldFrame
        label="Code reçu par SMS"
        hint={<>6 chiffres. {dead ? null : `${remainingTries} essai${remainingTries > 1 ? "s" : ""} restant${remainingTries > 1 ? "s" : ""}.`}</>}
        error={fieldError}
        announce="alert"
      >
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            disabled={dead}
            className="block min-h-11 w-40 rounded-lg border border-slate-400 bg-white px-3 py-2 text-center font-mono text-xl tracking-[0.3em] text-slate-900 aria-[invalid=true]:border-red-700 disabled:bg-slate-100"
            {...register("code")}
          />
        )}
      </FieldFrame>
      {dead ? (
        <a href={`/connexion?retour=${encodeURIComponent(retour)}`} className="inline-block font-semibold text-brand-700 underline underline-offset-2">
          Demander un nouveau code
        </a>
      ) : (
        <SubmitButton pending={isSubmitting} pendingLabel="Vérification…">
          Valider le code
        </SubmitButton>
      )}
    </form>
  );
}
