import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { StaffLinkConfirm } from "@/components/console/sign-in-forms";

// The URL carries the token: never sent to another site as a referrer.
export const metadata: Metadata = { title: "Confirmer la connexion", referrer: "no-referrer" };

/** Opening the link (GET) spends nothing: only the button's POST does. */
export default async function ConsoleLinkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  return (
    <main id="contenu" lang="fr" className="px-4 py-10">
      <AuthCard title="Confirmer la connexion">
        <p className="text-slate-700">Confirmez que c&apos;est bien vous ; le code de votre application d&apos;authentification vous sera demandé ensuite.</p>
        <StaffLinkConfirm linkId={first(params.lien)} token={first(params.jeton)} />
      </AuthCard>
    </main>
  );
}
