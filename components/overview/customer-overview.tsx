import type { Appointment, Conversation, Customer, Intervention, Invoice, Quote } from "@/lib/hubspot/types";
import { formatCalendarDate, formatMoney, formatShortDateTime, formatTimeRange } from "@/components/format";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import {
  interventionStage,
  interventionType,
  invoiceStatus,
  meetingOutcome,
  quoteStatus,
  requestKind,
  serviceDeskStage,
} from "./labels";

export interface CustomerOverviewData {
  customer: Customer;
  upcomingAppointments: Appointment[];
  interventions: Intervention[];
  quotes: Quote[];
  invoices: Invoice[];
  conversations: Conversation[];
}

function personName(p: { firstName: string | null; lastName: string | null } | null): string | null {
  if (!p) return null;
  const name = [p.firstName, p.lastName].filter(Boolean).join(" ");
  return name || null;
}

export function CustomerOverview({ data }: { data: CustomerOverviewData }) {
  const { customer } = data;
  const name = personName(customer) ?? customer.email ?? "Client";
  const address = [customer.address.line, [customer.address.zip, customer.address.city].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const balance = customer.sageBalanceDue ?? 0;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-600">Bonjour,</p>
        <h1 className="text-2xl font-bold text-brand-900 sm:text-3xl">{name}</h1>
        {address ? <p className="mt-1 text-sm text-slate-600">{address}</p> : null}
      </div>

      <section aria-labelledby="compte-titre" className="grid gap-3 sm:grid-cols-2">
        <h2 id="compte-titre" className="sr-only">
          Votre compte
        </h2>
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm text-slate-600">Code client</p>
          <p className="mt-1 font-mono text-lg font-semibold">{customer.sageCustomerCode ?? "—"}</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <p className="text-sm text-slate-600">Solde à régler</p>
          <p className={`mt-1 text-lg font-semibold ${balance > 0 ? "text-red-700" : "text-green-800"}`}>{formatMoney(balance)}</p>
        </div>
      </section>

      <div className="grid gap-4 md:grid-cols-2">
        <AppointmentsCard appointments={data.upcomingAppointments} />
        <InterventionsCard interventions={data.interventions} />
        <QuotesCard quotes={data.quotes} />
        <InvoicesCard invoices={data.invoices} />
        <div className="md:col-span-2">
          <ConversationsCard conversations={data.conversations} />
        </div>
      </div>
    </div>
  );
}

function AppointmentsCard({ appointments }: { appointments: Appointment[] }) {
  return (
    <Card id="rendez-vous" title="Prochains rendez-vous">
      {appointments.length === 0 ? (
        <EmptyState>Aucun rendez-vous à venir.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {appointments.map((a) => (
            <li key={a.id} className="py-3 first:pt-0 last:pb-0">
              <p className="font-medium">{a.title}</p>
              <p className="text-sm text-slate-700">
                <time dateTime={a.start ?? undefined}>{formatTimeRange(a.start, a.end)}</time>
              </p>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600">
                <Badge tone="info">{meetingOutcome(a.outcome)}</Badge>
                {personName(a.technician) ? <span>Technicien : {personName(a.technician)}</span> : null}
                {a.location ? <span>{a.location}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function InterventionsCard({ interventions }: { interventions: Intervention[] }) {
  return (
    <Card id="interventions" title="Interventions">
      {interventions.length === 0 ? (
        <EmptyState>Aucune intervention pour le moment.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {interventions.map((i) => {
            const stage = interventionStage(i.stage);
            const type = interventionType(i.type);
            return (
              <li key={i.id} className="py-3 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <p className="font-medium">{i.subject}</p>
                  <Badge tone={stage.tone}>{stage.label}</Badge>
                </div>
                <p className="text-sm text-slate-600">
                  {[type, i.start ? formatShortDateTime(i.start) : null, personName(i.technician)].filter(Boolean).join(" · ")}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function QuotesCard({ quotes }: { quotes: Quote[] }) {
  return (
    <Card id="devis" title="Devis">
      {quotes.length === 0 ? (
        <EmptyState>Aucun devis.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {quotes.map((q) => {
            const status = quoteStatus(q.status);
            return (
              <li key={q.id} className="py-3 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <p className="font-medium">
                    {q.number && !q.title.includes(q.number) ? <span className="font-mono">{q.number} </span> : null}
                    {q.title}
                  </p>
                  <Badge tone={status.tone}>{status.label}</Badge>
                </div>
                <p className="text-sm text-slate-600">
                  {formatMoney(q.totals.ttc, q.currency)} TTC
                  {q.status === "to_sign" && q.expiresAt ? ` · valable jusqu'au ${formatCalendarDate(q.expiresAt)}` : null}
                  {q.status === "expired" && q.expiresAt ? ` · expiré le ${formatCalendarDate(q.expiresAt)}` : null}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function InvoicesCard({ invoices }: { invoices: Invoice[] }) {
  return (
    <Card id="factures" title="Factures">
      {invoices.length === 0 ? (
        <EmptyState>Aucune facture.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {invoices.map((inv) => {
            const status = invoiceStatus(inv.status);
            const unpaid = inv.status === "open" || inv.status === "overdue";
            return (
              <li key={inv.id} className="py-3 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <p className="font-medium">
                    Facture <span className="font-mono">{inv.number ?? inv.id}</span>
                  </p>
                  <Badge tone={status.tone}>{status.label}</Badge>
                </div>
                <p className="text-sm text-slate-600">
                  {formatMoney(inv.totals.ttc, inv.currency)} TTC
                  {inv.issuedAt ? ` · émise le ${formatCalendarDate(inv.issuedAt)}` : null}
                </p>
                {unpaid ? (
                  <p className={`text-sm font-medium ${inv.status === "overdue" ? "text-red-700" : "text-slate-800"}`}>
                    Reste à payer : {formatMoney(inv.amountDue, inv.currency)}
                    {inv.dueAt ? ` avant le ${formatCalendarDate(inv.dueAt)}` : null}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

function ConversationsCard({ conversations }: { conversations: Conversation[] }) {
  return (
    <Card id="messages" title="Échanges avec le service client">
      {conversations.length === 0 ? (
        <EmptyState>Aucun échange pour le moment.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {conversations.map((c) => {
            const stage = serviceDeskStage(c.stage);
            const last = c.messages.at(-1);
            return (
              <li key={c.id} className="py-3 first:pt-0 last:pb-0">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <p className="font-medium">{c.subject}</p>
                  <Badge tone={stage.tone}>{stage.label}</Badge>
                </div>
                <p className="text-sm text-slate-600">
                  {requestKind(c.kind)} · {c.messages.length} message{c.messages.length > 1 ? "s" : ""}
                </p>
                {last ? (
                  <p className="mt-1 line-clamp-2 text-sm text-slate-700">
                    <span className="font-medium">{last.author === "staff" ? "Équipe Duret" : "Vous"}</span>
                    {last.at ? ` (${formatShortDateTime(last.at)})` : null} : {last.body}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
