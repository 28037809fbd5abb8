import Link from "next/link";
import { cookies } from "next/headers";
import { AuthCard } from "@/components/auth/auth-card";
import { StaffCodeForm } from "@/components/console/sign-in-forms";
import { getEnv } from "@/lib/env";
import { staffPendingCookieName } from "@/lib/staff/cookies";
import { staffDeps } from "@/lib/staff/guards";
import { secondFactorStep, STAFF_FAILURE_MESSAGES } from "@/lib/staff/sign-in";

export const metadata = { title: "Code d'authentification" };

export default async function ConsoleCodePage() {
  const pending = (await cookies()).get(staffPendingCookieName(getEnv().SITE_URL))?.value;
  const step = await secondFactorStep(await staffDeps(), pending);
  return (
    <main id="contenu" lang="fr" className="px-4 py-10">
      {!step.ok ? (
        <AuthCard title="Connexion à la console">
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-900">
            {STAFF_FAILURE_MESSAGES[step.code]}
          </p>
          <Link href="/console/connexion" className="font-semibold text-brand-700 underline underline-offset-2">
            Demander un nouveau lien
          </Link>
        </AuthCard>
      ) : step.step === "enrol" ? (
        <AuthCard title="Activer le second facteur">
          <p className="text-slate-700">
            Première connexion : ajoutez la console à votre application d&apos;authentification (Google Authenticator, Microsoft Authenticator, FreeOTP…) en scannant ce code, puis
            saisissez le code à 6 chiffres qu&apos;elle affiche.
          </p>
          <div className="mx-auto w-48" role="img" aria-label="QR code à scanner avec votre application d'authentification" dangerouslySetInnerHTML={{ __html: step.qrSvg }} />
          <p className="text-sm text-slate-700">
            Ou saisissez cette clé à la main : <code className="break-all font-mono" data-totp-secret>{step.secret}</code>
          </p>
          <StaffCodeForm label="Code affiché par l'application" />
        </AuthCard>
      ) : (
        <AuthCard title="Code d'authentification">
          <p className="text-slate-700">Saisissez le code à 6 chiffres affiché par votre application d&apos;authentification pour {step.email}.</p>
          <StaffCodeForm label="Code à 6 chiffres" />
        </AuthCard>
      )}
    </main>
  );
}
