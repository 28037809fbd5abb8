"use client";
import Link from "next/link";
import { zodResolver } from "@hookform/resolvers/zod";
import { startTransition, useActionState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { useHydrated } from "@/components/auth/use-hydrated";
import { SubmitButton } from "@/components/auth/submit-button";
import { FormError } from "@/components/ui/form-error";
import { FieldFrame, INPUT_CLASSES } from "@/components/ui/field";
import { staffSignInRequestSchema, totpCodeSchema } from "@/lib/staff/schemas";
import {
  confirmStaffLinkAction,
  requestStaffSignInAction,
  verifyStaffCodeAction,
  type StaffCodeReply,
  type StaffLinkReply,
  type StaffSignInFormReply,
} from "@/lib/staff/actions/sign-in";

type EmailInput = z.input<typeof staffSignInRequestSchema>;
type EmailOutput = z.output<typeof staffSignInRequestSchema>;

/**
 * Console sign-in, step 1: the email of a HubSpot user. The form's action is the server action
 * itself (it works before hydration too); once hydrated, the same zod schema checks it first.
 */
export function StaffEmailForm() {
  const hydrated = useHydrated();
  const [reply, action, pending] = useActionState<StaffSignInFormReply | null, FormData>(requestStaffSignInAction, null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<EmailInput, unknown, EmailOutput>({ resolver: zodResolver(staffSignInRequestSchema), defaultValues: { email: "" } });
  if (reply?.status === "sent") {
    return (
      <p role="status" className="rounded-lg bg-green-50 p-3 text-green-900">
        {reply.message}
      </p>
    );
  }
  const fieldError = errors.email?.message ?? (reply?.status === "invalid" ? reply.fieldErrors.email : undefined);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        const form = event.currentTarget;
        void handleSubmit(() => {
          const data = new FormData(form);
          startTransition(() => action(data));
        })(event);
      }}
      className="space-y-4"
      aria-busy={pending}
      data-hydrated={hydrated ? "" : undefined}
      noValidate
    >
      <FieldFrame label="Adresse e-mail HubSpot" hint="Celle de votre compte utilisateur HubSpot de l'entreprise." error={fieldError} announce="assertive">
        {(control) => <input {...control} type="email" autoComplete="username" autoCapitalize="none" spellCheck={false} className={INPUT_CLASSES} {...register("email")} />}
      </FieldFrame>
      <SubmitButton pending={pending} pendingLabel="Envoi…">
        Recevoir un lien de connexion
      </SubmitButton>
      <FormError variant="inline" persistent>
        {reply && reply.status !== "invalid" ? reply.message : null}
      </FormError>
    </form>
  );
}

/** Step 2: the link's POST (mail scanners only GET it). */
export function StaffLinkConfirm({ linkId, token }: { linkId: string; token: string }) {
  const [reply, action, pending] = useActionState<StaffLinkReply, FormData>(confirmStaffLinkAction, null);
  return (
    <form action={action} className="space-y-4" aria-busy={pending}>
      <input type="hidden" name="lien" value={linkId} />
      <input type="hidden" name="jeton" value={token} />
      <SubmitButton pending={pending} pendingLabel="Vérification…">
        Continuer
      </SubmitButton>
      <FormError variant="inline" persistent>
        {reply?.message}
      </FormError>
      {reply ? (
        <p>
          <Link href="/console/connexion" className="font-semibold text-brand-700 underline underline-offset-2">
            Demander un nouveau lien
          </Link>
        </p>
      ) : null}
    </form>
  );
}

type CodeInput = z.input<typeof totpCodeSchema>;
type CodeOutput = z.output<typeof totpCodeSchema>;

/** Step 3: the authenticator's 6-digit code (enrolment or sign-in). */
export function StaffCodeForm({ label }: { label: string }) {
  const hydrated = useHydrated();
  const [reply, action, pending] = useActionState<StaffCodeReply, FormData>(verifyStaffCodeAction, null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<CodeInput, unknown, CodeOutput>({ resolver: zodResolver(totpCodeSchema), defaultValues: { code: "" } });
  const fieldError = errors.code?.message ?? reply?.fieldErrors?.code;
  return (
    <form
      action={action}
      onSubmit={(event) => {
        const form = event.currentTarget;
        void handleSubmit(() => {
          const data = new FormData(form);
          startTransition(() => action(data));
        })(event);
      }}
      className="space-y-4"
      aria-busy={pending}
      data-hydrated={hydrated ? "" : undefined}
      noValidate
    >
      <FieldFrame label={label} error={fieldError} announce="assertive">
        {(control) => (
          <input {...control} inputMode="numeric" autoComplete="one-time-code" maxLength={7} className={`${INPUT_CLASSES} max-w-40 tracking-widest`} {...register("code")} />
        )}
      </FieldFrame>
      <SubmitButton pending={pending} pendingLabel="Vérification…">
        Valider
      </SubmitButton>
      <FormError variant="inline" persistent>
        {reply && !reply.fieldErrors?.code ? reply.message : null}
      </FormError>
      {reply?.restart ? (
        <p>
          <Link href="/console/connexion" className="font-semibold text-brand-700 underline underline-offset-2">
            Demander un nouveau lien
          </Link>
        </p>
      ) : null}
    </form>
  );
}
