import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { headers } from "next/headers";
import { connection } from "next/server";
import { createFormat } from "@/components/format";
import { PublicShell } from "@/components/shell/public-shell";
import { Button } from "@/components/ui/button";
import { isLoopbackClient } from "@/lib/client-address";
import { getEnv } from "@/lib/env";
import { fetchCaptures, linkify } from "@/lib/notifications/captures";
import { listOutbox, type OutboxSummary } from "@/lib/outbox/admin";
import { retryDeadAction } from "@/lib/outbox/actions/retry-dead";
import { AutoRefresh } from "@/components/dev/auto-refresh";
import { DemoStaffIdentity } from "@/components/console/demo-staff";
import { DEMO_STAFF_ADMIN, DEMO_STAFF_TOTP_SECRET } from "@/lib/env";
import { currentTotp, TOTP_PERIOD_S } from "@/lib/staff/totp";

export const metadata: Metadata = { title: "Boîte d'envoi (démo)", robots: { index: false, follow: false } };

/**
 * /dev/outbox: the demo's mailbox and phone. Emails and SMS captured by the sandbox (sign-in links
 * and codes of fictitious customers), and the outbox rows still waiting or dead. Exists only in
 * sandbox mode with a capture (getEnv().devOutbox), and only for a client on this machine
 * (lib/client-address: the socket's peer, or the client a trusted proxy forwards): anyone else gets
 * the 404 a missing page gets. Rendered per request, never cached.
 */
export default async function DevOutboxPage() {
  // Per request: dynamic rendering sends Cache-Control: no-store, and the env is read at runtime.
  await connection();
  if (!getEnv().devOutbox || !isLoopbackClient(await headers())) notFound();

  const [captures, waiting, dead] = await Promise.all([
    fetchCaptures(50),
    listOutbox({ status: "pending", limit: 50 }).then(async (p) => [...(await listOutbox({ status: "sending", limit: 50 })), ...p]),
    listOutbox({ status: "dead", limit: 50 }),
  ]);
  const f = createFormat("fr");
  const staff = await demoStaffTotp();

  return (
    <PublicShell>
      <div lang="fr" className="space-y-8">
        <header className="space-y-3">
          <h1 className="text-2xl font-bold text-slate-900">Boîte d&apos;envoi de démonstration</h1>
          <p className="max-w-prose text-slate-700">
            Les e-mails et SMS du mode démo ne partent pas : ils sont capturés ici. Ouvrez le lien de connexion ou lisez le code
            reçu par le client de démonstration.
          </p>
          <AutoRefresh />
        </header>

        {!captures.available ? (
          <p role="status" className="rounded-md border border-amber-700 bg-amber-50 p-4 text-amber-900">
            {captures.reason === "no-captures"
              ? "La sandbox HubSpot tourne sans capture des e-mails et SMS : redémarrez-la (npm run dev ou npm run sandbox)."
              : "La sandbox HubSpot ne répond pas : les messages capturés ne peuvent pas être affichés."}
          </p>
        ) : null}

        <section aria-labelledby="emails-title" className="space-y-4">
          <h2 id="emails-title" className="text-xl font-semibold text-slate-900">
            E-mails {captures.available ? `(${captures.emails.length})` : null}
          </h2>
          {captures.available && captures.faults.smtp === "fail" ? <FaultNotice what="SMTP" /> : null}
          {captures.available && captures.emails.length === 0 ? <p className="text-slate-700">Aucun e-mail capturé pour l&apos;instant.</p> : null}
          <ol className="space-y-4">
            {captures.available &&
              captures.emails.map((mail) => (
                <li key={mail.id}>
                  <article aria-labelledby={`mail-${mail.id}`} className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm">
                    <h3 id={`mail-${mail.id}`} className="text-lg font-semibold text-slate-900">
                      {mail.subject || "(sans objet)"}
                    </h3>
                    <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm text-slate-700">
                      <dt className="font-semibold">À</dt>
                      <dd className="break-all">{mail.to.join(", ")}</dd>
                      <dt className="font-semibold">Reçu</dt>
                      <dd>
                        <time dateTime={mail.receivedAt}>{f.shortDateTime(mail.receivedAt)}</time>
                      </dd>
                    </dl>
                    <div className="mt-3 whitespace-pre-wrap break-words rounded bg-slate-50 p-3 font-mono text-sm text-slate-900">
                      {linkify(mail.text).map((part, i) =>
                        part.kind === "link" ? (
                          <a key={i} href={part.href} className="break-all text-brand-700 underline hover:text-brand-900">
                            {part.href}
                          </a>
                        ) : (
                          <span key={i}>{part.value}</span>
                        ),
                      )}
                    </div>
                  </article>
                </li>
              ))}
          </ol>
        </section>

        <section aria-labelledby="sms-title" className="space-y-4">
          <h2 id="sms-title" className="text-xl font-semibold text-slate-900">
            SMS {captures.available ? `(${captures.sms.length})` : null}
          </h2>
          {captures.available && captures.faults.sms === "fail" ? <FaultNotice what="SMS (Twilio)" /> : null}
          {captures.available && captures.sms.length === 0 ? <p className="text-slate-700">Aucun SMS capturé pour l&apos;instant.</p> : null}
          <ol className="space-y-3">
            {captures.available &&
              captures.sms.map((sms) => (
                <li key={sms.sid} className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm">
                  <p className="text-sm text-slate-700">
                    <span className="font-semibold">À</span> {sms.to} · <time dateTime={sms.receivedAt}>{f.shortDateTime(sms.receivedAt)}</time>
                  </p>
                  <p className="mt-1 text-slate-900">{sms.body}</p>
                </li>
              ))}
          </ol>
        </section>

        <DemoStaffIdentity email={DEMO_STAFF_ADMIN} secret={DEMO_STAFF_TOTP_SECRET} code={staff.code} secondsLeft={staff.secondsLeft} />

        <section aria-labelledby="outbox-title" className="space-y-4">
          <h2 id="outbox-title" className="text-xl font-semibold text-slate-900">
            Envois en attente ou en échec
          </h2>
          <OutboxTable rows={[...dead, ...waiting]} format={f} />
        </section>
      </div>
    </PublicShell>
  );
}

function FaultNotice({ what }: { what: string }) {
  return (
    <p role="status" className="rounded-md border border-red-700 bg-red-50 p-3 text-red-900">
      Panne simulée : le serveur {what} de la sandbox refuse les envois. Ils attendent dans la file et partiront à son retour.
    </p>
  );
}

const STATUS_LABEL: Record<OutboxSummary["status"], string> = { pending: "En attente", sending: "En cours", sent: "Envoyé", dead: "En échec", discarded: "Abandonné" };

/** The demo staff identity's current code (a fixed demo key; /dev/outbox exists on the sandbox only). */
async function demoStaffTotp(): Promise<{ code: string; secondsLeft: number }> {
  const now = Date.now();
  return { code: await currentTotp(DEMO_STAFF_TOTP_SECRET, now), secondsLeft: TOTP_PERIOD_S - (Math.floor(now / 1000) % TOTP_PERIOD_S) };
}
const KIND_LABEL: Record<string, string> = { email: "E-mail", sms: "SMS", hubspot: "HubSpot" };

function OutboxTable({ rows, format }: { rows: OutboxSummary[]; format: ReturnType<typeof createFormat> }) {
  if (rows.length === 0) return <p className="text-slate-700">Rien en attente : tout a été envoyé.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] border-collapse bg-white text-left text-sm">
        <caption className="sr-only">Lignes de la file d&apos;envoi en attente ou en échec</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="p-2">Type</th>
            <th scope="col" className="p-2">Modèle</th>
            <th scope="col" className="p-2">État</th>
            <th scope="col" className="p-2">Tentatives</th>
            <th scope="col" className="p-2">Prochaine tentative</th>
            <th scope="col" className="p-2">Dernière erreur</th>
            <th scope="col" className="p-2"><span className="sr-only">Action</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-200 align-top">
              <td className="p-2">{KIND_LABEL[r.kind] ?? r.kind}</td>
              <td className="p-2 font-mono">{r.what}</td>
              <td className="p-2">{STATUS_LABEL[r.status]}</td>
              <td className="p-2">
                {r.attempts} / {r.maxAttempts}
              </td>
              <td className="p-2">{r.status === "pending" ? format.shortDateTime(r.nextAttemptAt.toISOString()) : "—"}</td>
              <td className="p-2 break-words">{r.lastError ?? "—"}</td>
              <td className="p-2">
                {r.status === "dead" && !r.redacted ? (
                  <form action={retryDeadAction}>
                    <input type="hidden" name="id" value={r.id} />
                    <Button type="submit" variant="secondary" size="xs">
                      Relancer
                    </Button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
