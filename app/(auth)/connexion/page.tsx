import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/auth/identity";
import { signInFailureMessage } from "@/lib/auth/messages";
import { getCustomerSession } from "@/lib/auth/session";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Connexion" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const retour = safeReturnPath(first(params.retour));
  if (await getCustomerSession()) redirect(retour);
  const signedOut = first(params.deconnecte) === "1";
  const expired = !signedOut && first(params.retour) !== undefined;
  const error = first(params.error);
  return (
    <AuthCard title="Connexion à votre espace client">
      {signedOut ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 text-green-900">
          Vous êtes déconnecté. À bientôt !
        </p>
      ) : null}
      {expired ? (
        <p role="status" className="rounded-lg bg-brand-50 p-3 text-brand-900">
          Connectez-vous pour continuer : vous reviendrez ensuite sur la page demandée.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-900">
          {signInFailureMessage("email", error)}
        </p>
      ) : null}
      <p className="text-slate-700">
        Pas de mot de passe : indiquez votre adresse e-mail pour recevoir un lien de connexion, ou votre numéro de mobile pour
        recevoir un code par SMS.
      </p>
      <SignInForm retour={retour} />
    </AuthCard>
  );
}
