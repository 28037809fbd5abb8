"use client";
import Link from "next/link";
import { useActionState } from "react";
import { SubmitButton } from "@/components/auth/submit-button";
import { FormError } from "@/components/ui/form-error";
import { INPUT_CLASSES } from "@/components/ui/field";
import {
  confirmStaffLinkAction,
  requestStaffSignInAction,
  verifyStaffCodeAction,
  type StaffCodeReply,
  type StaffLinkReply,
  type StaffSignInFormReply,
} from "@/lib/staff/actions/sign-in";

/** Console sign-in, step 1: the email of a HubSpot user. Works as a plain POST before hydration. */
export function StaffEmailForm() {
  const [reply, action, pending] = useActionState<StaffSignInFormReply | null, FormData>(requestStaffSignInAction, null);
  const fieldError = reply?.status === "invalid" ? reply.fieldErrors.email : undefined;
  if (reply?.status === "sent") {
    return (
      <p role="status" className="rounded-lg bg-green-50 p-3 text-green-900">
        {reply.message}
      </p>
    );
  }
  return (
    <form action={action} className="space-y-4" aria-busy={pending} noValidate>
      <div>
        <label htmlFor="console-email" className="block font-semibold text-slate-900">
          Adresse e-mail HubSpot
        </label>
        <p id="console-email-aide" className="text-sm text-slate-700">
          Celle de votre compte utilisateur HubSpot de l&apos;entreprise.
        </p>
        <input
          id="console-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          className={`${INPUT_CLASSES} mt-1`}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? "console-email-aide console-email-erreur" : "console-email-aide"}
        />
        <p id="console-email-erreur" className="min-h-5 text-sm font-medium text-red-800">
          {fieldError}
        </p>
      </div>
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

/** Step 3: the authenticator's 6-digit code (enrolment or sign-in). */
export function StaffCodeForm({ label }: { label: string }) {
  const [reply, action, pending] = useActionState<StaffCodeReply, FormData>(verifyStaffCodeAction, null);
  const fieldError = reply?.fieldErrors?.code;
  return (
    <form action={action} className="space-y-4" aria-busy={pending} noValidate>
      <div>
        <label htmlFor="console-code" className="block font-semibold text-slate-900">
          {label}
        </label>
        <input
          id="console-code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          maxLength={7}
          required
          className={`${INPUT_CLASSES} mt-1 max-w-40 tracking-widest`}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby="console-code-erreur"
        />
        <p id="console-code-erreur" className="min-h-5 text-sm font-medium text-red-800">
          {fieldError}
        </p>
      </div>
      <SubmitButton pending={pending} pendingLabel="Vérification…">
        Valider
      </SubmitButton>
      <FormError variant="inline" persistent>
        {reply && !fieldError ? reply.message : null}
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
