"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { FormError } from "@/components/ui/form-error";
import { signInFailureMessage } from "@/lib/auth/messages";
import { SubmitButton } from "./submit-button";
import { useHydrated } from "./use-hydrated";

/** The POST that spends the email link: a person has to press the button (mail scanners only GET). */
export function LinkConfirm({ attemptId, token, retour }: { attemptId: string; token: string; retour: string }) {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      method="post"
      className="space-y-4"
      aria-busy={pending}
      data-hydrated={hydrated ? "" : undefined}
      onSubmit={async (event) => {
        event.preventDefault();
        setPending(true);
        setError(null);
        try {
          const result = await signIn("email-link", { attemptId, token, redirect: false, callbackUrl: retour });
          if (result?.ok && !result.error) {
            // A full navigation: every server component then sees the new session cookie.
            window.location.assign(retour);
            return;
          }
          setError(signInFailureMessage("email", result?.error));
        } catch {
          setError(signInFailureMessage("email", "unavailable"));
        }
        setPending(false);
      }}
    >
      <SubmitButton pending={pending} pendingLabel="Connexion en cours…">
        Me connecter
      </SubmitButton>
      <FormError variant="inline" persistent>
        {error}
      </FormError>
      {error ? (
        <p>
          <a href={`/connexion?retour=${encodeURIComponent(retour)}`} className="font-semibold text-brand-700 underline underline-offset-2">
            Recevoir un nouveau lien
          </a>
        </p>
      ) : null}
    </form>
  );
}
