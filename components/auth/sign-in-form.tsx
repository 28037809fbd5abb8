"use client";
import { startTransition, useActionState, useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldFrame, INPUT_CLASSES } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import type { z } from "zod";
import type { signInRequestSchema } from "@/lib/auth/identity";
import { requestSignInFormAction } from "@/lib/auth/actions/sign-in";
import { SignInDeliveryStatus } from "./sign-in-delivery";
import { SubmitButton } from "./submit-button";
import { useHydrated } from "./use-hydrated";

type FormInput = z.input<typeof signInRequestSchema>;
type FormOutput = z.output<typeof signInRequestSchema>;

// The schema (zod, phone metadata) loads when the form is first used, not with the page.
const schema = lazyZodResolver<FormInput, FormOutput>(() => import("@/lib/auth/identity").then((m) => m.signInRequestSchema));

/**
 * Email or mobile number → a link by email or a code by SMS. The form's action is the server
 * action itself, so it also works before (or without) JavaScript; once hydrated, the same schema
 * checks the field first.
 */
export function SignInForm({ retour }: { retour: string }) {
  const hydrated = useHydrated();
  const [reply, formAction, pending] = useActionState(requestSignInFormAction, null);
  const [dismissed, setDismissed] = useState<typeof reply>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<FormInput, unknown, FormOutput>({ resolver: schema.resolver, defaultValues: { identifiant: "", retour } });

  useEffect(() => {
    if (reply?.status === "invalid") setError("identifiant", { message: reply.fieldErrors.identifiant ?? reply.message });
  }, [reply, setError]);

  if (reply?.status === "email-sent" && dismissed !== reply) {
    return (
      <div className="space-y-4">
        <h2 className="text-xl font-semibold text-brand-900" tabIndex={-1} ref={(el) => el?.focus()}>
          Surveillez votre boîte mail
        </h2>
        <p role="status" className="rounded-lg bg-brand-50 p-4 text-brand-900">
          {reply.message}
        </p>
        <p className="text-sm text-slate-700">
          Ouvrez le message « Votre lien de connexion » adressé à <strong className="break-all">{reply.sentTo}</strong> dès qu&apos;il arrive,
          puis appuyez sur « Me connecter ». Pensez à regarder dans les courriers indésirables.
        </p>
        <SignInDeliveryStatus channel="email" initial="unknown" attemptId={reply.attemptId} otherChannelHref={`/connexion?retour=${encodeURIComponent(retour)}`} />
        <Button variant="link" size="inline" onClick={() => setDismissed(reply)}>
          Utiliser une autre adresse ou un numéro de mobile
        </Button>
      </div>
    );
  }

  const fieldError = errors.identifiant?.message ?? (reply?.status === "invalid" ? reply.fieldErrors.identifiant : undefined);
  const formError = reply?.status === "rate-limited" || reply?.status === "error" ? reply.message : null;
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        const form = event.currentTarget;
        // Validated here first; handleSubmit prevents the native submission either way.
        void handleSubmit(() => {
          const data = new FormData(form);
          startTransition(() => formAction(data));
        })(event);
      }}
      onFocus={schema.preload}
      onPointerDown={schema.preload}
      noValidate
      className="space-y-4"
      aria-busy={pending}
      data-hydrated={hydrated ? "" : undefined}
    >
      <input type="hidden" name="retour" value={retour} />
      <FieldFrame label="Adresse e-mail ou numéro de mobile" hint="Exemples : prenom.nom@exemple.fr ou 06 12 34 56 78" error={fieldError} announce="assertive">
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="email"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            className={INPUT_CLASSES}
            {...register("identifiant")}
          />
        )}
      </FieldFrame>
      <SubmitButton pending={pending} pendingLabel="Envoi en cours…">
        Recevoir mon lien ou mon code
      </SubmitButton>
      <FormError variant="inline" persistent>
        {formError}
      </FormError>
    </form>
  );
}
