import { DeliveryTable, HubSpotCheckButton } from "@/components/console/delivery-desk";
import { PageHeader } from "@/components/ui/page";
import { connectionHealth, listDeliveries } from "@/lib/console/delivery-desk";
import { requireStaff, staffDeps } from "@/lib/staff";

export const metadata = { title: "Livraisons" };

const when = (d: Date) => d.toLocaleString("fr-FR", { timeZone: "Europe/Paris", dateStyle: "medium", timeStyle: "short" });

export default async function DeliveriesPage() {
  const staff = await requireStaff();
  const { db } = await staffDeps();
  const [{ rows, counts }, health] = await Promise.all([listDeliveries(db, staff), connectionHealth(db, staff)]);
  return (
    <div className="space-y-8">
      <PageHeader title="Livraisons" intro="Écritures HubSpot, e-mails et SMS pas encore remis. Les contenus et les destinataires ne sont jamais affichés." />
      <section aria-labelledby="envois-titre" className="space-y-2">
        <h2 id="envois-titre" className="text-xl font-semibold">Envois</h2>
        <p className="text-sm text-slate-700">
          En attente : {counts.pending} · en cours : {counts.sending} · en échec : {counts.dead} · abandonnés : {counts.discarded}
        </p>
        <DeliveryTable
          admin={staff.role === "admin"}
          rows={rows.map((r) => ({
            id: r.id,
            kind: r.kind,
            what: r.what,
            status: r.status,
            attempts: r.attempts,
            maxAttempts: r.maxAttempts,
            lastError: r.lastError,
            createdAt: r.createdAt.toISOString(),
            nextAttemptAt: r.nextAttemptAt.toISOString(),
            discardReason: r.discardReason,
          }))}
        />
      </section>
      <section aria-labelledby="sante-titre" className="space-y-3">
        <h2 id="sante-titre" className="text-xl font-semibold">Connexion HubSpot</h2>
        <dl className="grid gap-2 text-sm sm:grid-cols-[14rem_1fr]">
          <dt className="font-semibold">Portées du jeton</dt>
          <dd>{health.scopes.ok ? "complètes" : "incomplètes"} : {health.scopes.detail}</dd>
          <dt className="font-semibold">Dernier webhook reçu</dt>
          <dd>{health.lastWebhookAt ? when(health.lastWebhookAt) : "aucun"}</dd>
          <dt className="font-semibold">Budget de requêtes</dt>
          <dd>
            {health.budget.general.used} / {health.budget.general.limit} sur {health.budget.general.windowSeconds} s ; recherche {health.budget.search.used} / {health.budget.search.limit} par seconde
          </dd>
          <dt className="font-semibold">Certificat de scellement</dt>
          <dd>{health.certificate.ok ? `${health.certificate.subject}, valable jusqu'au ${when(health.certificate.notAfter)}` : `illisible : ${health.certificate.detail}`}</dd>
        </dl>
        {staff.role === "admin" ? <HubSpotCheckButton /> : <p className="text-sm text-slate-700">La vérification complète (npm run hubspot:check) est réservée aux administrateurs.</p>}
      </section>
    </div>
  );
}
