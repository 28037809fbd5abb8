import { AuthCard } from "@/components/auth/auth-card";
import { StaffEmailForm } from "@/components/console/sign-in-forms";

export const metadata = { title: "Connexion" };

export default async function ConsoleSignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const signedOut = (await searchParams).deconnecte === "1";
  return (
    <main id="contenu" lang="fr" className="px-4 py-10">
      <AuthCard title="Console de l'équipe">
        {signedOut ? (
          <p role="status" className="rounded-lg bg-brand-50 p-3 text-brand-900">
            Vous êtes déconnecté de la console.
          </p>
        ) : null}
        <p className="text-slate-700">Réservée aux utilisateurs actifs du compte HubSpot de l&apos;entreprise : un lien par e-mail, puis le code de votre application d&apos;authentification.</p>
        <StaffEmailForm />
      </AuthCard>
    </main>
  );
}
