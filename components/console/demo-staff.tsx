import Link from "next/link";

/**
 * /dev/outbox (the demo only): the demo staff identity, its fixed TOTP key to add to an
 * authenticator app, and the code of the current 30-second step, so a tester signs in to the
 * console with both factors (the link arrives among the emails above).
 */
export function DemoStaffIdentity({ email, secret, code, secondsLeft }: { email: string; secret: string; code: string; secondsLeft: number }) {
  return (
    <section aria-labelledby="console-demo-title" className="space-y-3">
      <h2 id="console-demo-title" className="text-xl font-semibold text-slate-900">
        Console de l&apos;équipe (démo)
      </h2>
      <p className="max-w-prose text-slate-700">
        Connectez-vous sur <Link href="/console/connexion" className="font-semibold text-brand-700 underline underline-offset-2">/console/connexion</Link> avec l&apos;adresse de la
        responsable de bureau (administratrice de la démo) ; le lien arrive ci-dessus, puis le code à 6 chiffres est demandé.
      </p>
      <dl className="grid gap-2 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-[14rem_1fr]">
        <dt className="font-semibold">Adresse</dt>
        <dd data-demo-staff-email>{email}</dd>
        <dt className="font-semibold">Clé TOTP (démo seulement)</dt>
        <dd>
          <code className="break-all font-mono" data-demo-staff-secret>
            {secret}
          </code>
        </dd>
        <dt className="font-semibold">Code actuel</dt>
        <dd>
          <code className="font-mono text-lg tracking-widest" data-demo-staff-code>
            {code}
          </code>{" "}
          <span className="text-sm text-slate-700">(encore {secondsLeft} s ; la page se recharge)</span>
        </dd>
      </dl>
    </section>
  );
}
