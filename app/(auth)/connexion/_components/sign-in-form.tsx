"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { signInRequestSchema } from "@/lib/auth/identity";
import { requestSignInAction } from "@/lib/auth/sign-in-actions";
import { SubmitButton } from "./submit-button";

type FormInput = z.input<typeof signInRequestSchema>;
type FormOutput = z.output<typeof signInRequestSchema>;

/** Email or mobile number → a link by email or a code by SMS. */
export function SignInForm({ retour }: { retour: string }) {
  const router = useRouter();
  const fieldId = useId();
  const [status, setStatus] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(signInRequestSchema),
    defaultValues: { identifiant: "", retour },
  });

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const reply = await requestSignInAction({ identifiant: values.identifiant, retour });
    if (reply.status === "code-sent") {
      router.push("/connexion/code");
      return;
    }
    if (reply.status === "email-sent") {
      setSentTo(values.identifiant);
      setStatus({ tone: "info", text: reply.message });
      return;
    }
    if (reply.status === "invalid") {
      const message = reply.fieldErrors.identifiant ?? reply.message;
      setError("identifiant", { message });
      return;
    }
    setStatus({ tone: "error", text: reply.message });
  });

  if (sentTo) {
    return (
      <div className="space-y-4">
        <h2 className="text-xl font-semibold text-brand-900" tabIndex={-1} ref={(el) => el?.focus()}>
          Vérifiez votre boîte mail
        </h2>
        <p role="status" className="rounded-lg bg-brand-50 p-4 text-brand-900">
          {status?.text}
        </p>
        <p className="text-sm text-slate-700">
          Ouvrez le message « Votre lien de connexion » envoyé à <strong className="break-all">{sentTo}</strong> puis cliquez sur
          « Me connecter ». Pensez à regarder dans les courriers indésirables.
        </p>
        <button
          type="button"
          className="min-h-11 text-sm font-semibold text-brand-700 underline underline-offset-2"
          onClick={() => {
            setSentTo(null);
            setStatus(null);
          }}
        >
          Utiliser une autre adresse ou un numéro de mobile
        </button>
      </div>
    );
  }

  const errorId = `${fieldId}-erreur`;
  const helpId = `${fieldId}-aide`;
  const fieldError = errors.identifiant?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-busy={isSubmitting}>
      <div className="space-y-1">
        <label htmlFor={fieldId} className="block font-semibold text-slate-900">
          Adresse e-mail ou numéro de mobile
        </label>
        <p id={helpId} className="text-sm text-slate-600">
          Exemples : prenom.nom@exemple.fr ou 06 12 34 56 78
        </p>
        <input
          id={fieldId}
          type="text"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? `${helpId} ${errorId}` : helpId}
          className="block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 aria-[invalid=true]:border-red-700"
          {...register("identifiant")}
        />
        <p id={errorId} aria-live="assertive" className="min-h-5 text-sm font-medium text-red-800">
          {fieldError}
        </p>
      </div>
      <SubmitButton pending={isSubmitting} pendingLabel="Envoi en cours…">
        Recevoir mon lien ou mon code
      </SubmitButton>
      <p role={status?.tone === "error" ? "alert" : "status"} className="min-h-5 text-sm font-medium text-red-800">
        {status?.text}
      </p>
    </form>
  );
}
