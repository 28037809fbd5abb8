import type { Metadata } from "next";
import { buttonClasses } from "@/components/ui/button";
import { loadCodePage } from "@/lib/auth/pages";
import { AuthCard } from "@/components/auth/auth-card";
import { CodeForm } from "@/components/auth/code-form";
import { SignInDeliveryStatus } from "@/components/auth/sign-in-delivery";

export const metadata: Metadata = { title: "Code de connexion" };

const MESSAGES = {
  none: "Aucune demande de code n'est en cours sur cet appareil.",
  expired: "Ce code a expiré : il n'est valable que 10 minutes.",
  used: "Ce code a déjà servi.",
  locked: "Trop d'essais : ce code n'est plus valable.",
} as const;

export default async function CodePage() {
  const page = await loadCodePage();
  if (page.state !== "live") {
    return (
      <AuthCard title="Code de connexion">
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-900">
          {MESSAGES[page.state]}
        </p>
        <a
          href={`/connexion?retour=${encodeURIComponent(page.callbackPath)}`}
          className={buttonClasses({ size: "md" })}
        >
          Demander un nouveau code
        </a>
      </AuthCard>
    );
  }
  const minutes = page.minutesLeft;
  return (
    <AuthCard title="Saisissez votre code">
      <p role="status" className="text-slate-700">
        Nous vous envoyons un code à 6 chiffres par SMS au <strong>{page.maskedPhone}</strong>. Il est valable encore {minutes} minute
        {minutes > 1 ? "s" : ""}.
      </p>
      <SignInDeliveryStatus channel="sms" initial={page.delivery} otherChannelHref={`/connexion?retour=${encodeURIComponent(page.callbackPath)}`} />
      <CodeForm retour={page.callbackPath} remainingTries={page.remainingTries} />
      <p className="text-sm text-slate-600">
        Pas reçu ?{" "}
        <a href={`/connexion?retour=${encodeURIComponent(page.callbackPath)}`} className="font-semibold text-brand-700 underline underline-offset-2">
          Demander un nouveau code
        </a>
      </p>
    </AuthCard>
  );
}
