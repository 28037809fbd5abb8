import type { Metadata } from "next";
import { buttonClasses } from "@/components/ui/button";
import { loadLinkPage } from "@/lib/auth/pages";
import { AuthCard } from "@/components/auth/auth-card";
import { LinkConfirm } from "@/components/auth/link-confirm";

// The URL carries the token: never send it to another site as a referrer.
export const metadata: Metadata = { title: "Confirmer la connexion", referrer: "no-referrer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const MESSAGES = {
  expired: "Ce lien a expiré : il n'est valable que 10 minutes.",
  used: "Ce lien a déjà servi : chaque lien ne permet qu'une connexion.",
  invalid: "Ce lien de connexion n'est pas valide. Vérifiez qu'il est complet, ou demandez-en un nouveau.",
} as const;

/** Opening the link (GET) spends nothing: only the button's POST does. */
export default async function LinkPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const page = await loadLinkPage({ attempt: first(params.attempt), token: first(params.token) });
  if (page.state !== "live") {
    return (
      <AuthCard title="Lien de connexion">
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-900">
          {MESSAGES[page.state]}
        </p>
        <a
          href={`/connexion?retour=${encodeURIComponent(page.callbackPath)}`}
          className={buttonClasses({ size: "md" })}
        >
          Recevoir un nouveau lien
        </a>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Confirmer la connexion">
      <p className="text-slate-700">Pour des raisons de sécurité, confirmez que c&apos;est bien vous en appuyant sur le bouton.</p>
      <LinkConfirm attemptId={page.attemptId} token={page.token} retour={page.callbackPath} />
    </AuthCard>
  );
}
