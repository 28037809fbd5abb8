import Link from "next/link";
import { Fragment } from "react";
import type { Dashboard, DashboardSection } from "@/lib/dashboard/load-dashboard";
import type { I18n } from "@/lib/i18n/server";
import { InterventionProgress } from "@/components/interventions/intervention-progress";
import { Icon } from "@/components/shell/icons";
import { interventionTypeLabel, invoiceStatus, meetingStatus, requestKindLabel, technicianName } from "@/components/status";
import { Badge, Card, EmptyState, LinkButton, MoreLink } from "@/components/ui/card";
import { SectionUnavailable, StaleNotice, settleSection } from "@/components/ui/section-state";
import { Money } from "@/components/ui/money";

/**
 * The dashboard's five sections. Each awaits only its own promise from loadDashboard, so each
 * streams in behind its own Suspense boundary (skeletons: SectionSkeleton in dashboard-view.tsx).
 */
type SectionProps<K extends DashboardSection> = { i18n: I18n; data: Dashboard[K]; staleSince: Promise<string | null> };

/**
 * A section's data and age, or null when HubSpot could not be had and nothing is known: the
 * section then says so (SectionUnavailable) and the others still show.
 */
async function read<T>(data: Promise<T>, staleSince: Promise<string | null>): Promise<{ value: T; since: string | null } | null> {
  const settled = await settleSection(data);
  return settled.ok ? { value: settled.value, since: await staleSince } : null;
}

export async function NextAppointmentSection({ i18n, data, staleSince }: SectionProps<"nextAppointment">) {
  const { t, format } = i18n;
  const title = t("dashboard.nextAppointment.title");
  const section = await read(data, staleSince);
  if (!section) return <SectionUnavailable i18n={i18n} id="prochain-rdv" title={title} />;
  const next = section.value;
  const notice = <StaleNotice i18n={i18n} since={section.since} />;
  if (!next) {
    return (
      <Card id="prochain-rdv" title={title}>
        {notice}
        <EmptyState
          title={t("dashboard.nextAppointment.empty")}
          hint={t("dashboard.nextAppointment.emptyHint")}
          action={<LinkButton href="/rendez-vous/nouveau">{t("dashboard.nextAppointment.cta")}</LinkButton>}
        />
      </Card>
    );
  }
  const status = meetingStatus(t, next.outcome);
  const technician = technicianName(next.technician);
  return (
    <Card
      id="prochain-rdv"
      title={title}
      action={<Badge tone={status.tone}>{status.label}</Badge>}
      footer={<MoreLink href="/rendez-vous">{t("dashboard.nextAppointment.all")}</MoreLink>}
    >
      {notice}
      <p className="text-xl font-semibold text-slate-900 first-letter:uppercase">
        <time dateTime={next.start ?? undefined}>{format.timeRange(next.start, next.end)}</time>
      </p>
      <p className="mt-1 text-slate-700">{next.title}</p>
      {/* One status; HubSpot not having it yet is a discreet line, not a second badge. */}
      {next.booking?.transmitting ? <p className="text-sm text-slate-600">{t("booking.transmittingLine")}</p> : null}
      <ul className="mt-3 space-y-1.5 text-sm text-slate-700">
        {technician ? (
          <li className="flex items-center gap-2">
            <Icon name="user" className="h-4 w-4 shrink-0 text-brand-700" />
            {t("dashboard.nextAppointment.technician", { name: technician })}
          </li>
        ) : null}
        {next.location ? (
          <li className="flex items-center gap-2">
            <Icon name="pin" className="h-4 w-4 shrink-0 text-brand-700" />
            {t("dashboard.nextAppointment.address", { address: next.location })}
          </li>
        ) : null}
      </ul>
    </Card>
  );
}

export async function InterventionsSection({ i18n, data, staleSince }: SectionProps<"interventionsInProgress">) {
  const { t, format } = i18n;
  const title = t("dashboard.interventions.title");
  const section = await read(data, staleSince);
  if (!section) return <SectionUnavailable i18n={i18n} id="interventions-en-cours" title={title} />;
  const interventions = section.value;
  const notice = <StaleNotice i18n={i18n} since={section.since} />;
  if (interventions.length === 0) {
    return (
      <Card id="interventions-en-cours" title={title}>
        {notice}
        <EmptyState
          title={t("dashboard.interventions.empty")}
          hint={t("dashboard.interventions.emptyHint")}
          action={<LinkButton href="/rendez-vous/nouveau">{t("dashboard.interventions.cta")}</LinkButton>}
        />
      </Card>
    );
  }
  return (
    <Card
      id="interventions-en-cours"
      title={title}
      action={<Badge tone="info">{interventions.length}</Badge>}
      footer={<MoreLink href="/interventions">{t("dashboard.interventions.all")}</MoreLink>}
    >
      {notice}
      <ul className="divide-y divide-slate-100">
        {interventions.map((i) => {
          const technician = technicianName(i.technician);
          const details = [interventionTypeLabel(t, i.type), i.start ? format.shortDateTime(i.start) : null, technician].filter(Boolean);
          return (
            <li key={i.id} className="py-3 first:pt-0 last:pb-0">
              <p className="font-medium text-slate-900">{i.subject}</p>
              {details.length ? <p className="text-sm text-slate-600">{details.join(" · ")}</p> : null}
              <InterventionProgress t={t} stage={i.stage} />
              {i.stage === "en_route" && i.eta ? (
                <p className="mt-1 flex items-center gap-1.5 text-sm font-semibold text-slate-900">
                  <Icon name="clock" className="h-4 w-4 text-brand-700" />
                  {t("interventions.eta", { time: format.time(i.eta) })}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

export async function InvoicesSection({ i18n, data, staleSince }: SectionProps<"unpaidInvoices">) {
  const { t, format } = i18n;
  const title = t("dashboard.invoices.title");
  const section = await read(data, staleSince);
  if (!section) return <SectionUnavailable i18n={i18n} id="factures-a-regler" title={title} />;
  const { invoices, totalDue, overdueCount } = section.value;
  const notice = <StaleNotice i18n={i18n} since={section.since} />;
  if (invoices.length === 0) {
    return (
      <Card id="factures-a-regler" title={title}>
        {notice}
        <EmptyState title={t("dashboard.invoices.empty")} hint={t("dashboard.invoices.emptyHint")} />
      </Card>
    );
  }
  return (
    <Card
      id="factures-a-regler"
      title={title}
      action={overdueCount > 0 ? <Badge tone="danger">{t("dashboard.invoices.overdueCount", { count: overdueCount })}</Badge> : null}
      footer={<MoreLink href="/documents">{t("dashboard.invoices.all")}</MoreLink>}
    >
      {notice}
      <dl className="mb-3 rounded-lg bg-brand-50 p-3">
        <dt className="text-sm text-brand-900">{t("dashboard.invoices.totalDue")}</dt>
        <dd className="text-2xl font-bold text-brand-900">{totalDue.map((m, i) => (
          <Fragment key={m.currency}>
            {i > 0 ? " + " : null}
            <Money>{format.money(m.amount, m.currency)}</Money>
          </Fragment>
        ))}</dd>
      </dl>
      <ul className="divide-y divide-slate-100">
        {invoices.map((inv) => {
          const status = invoiceStatus(t, inv.status);
          return (
            <li key={inv.id} className="flex flex-wrap items-start justify-between gap-2 py-3 first:pt-0 last:pb-0">
              <div>
                <p className="font-medium text-slate-900">{t("documents.invoiceNumber", { number: inv.number ?? inv.id })}</p>
                {inv.dueAt ? (
                  <p className={`text-sm ${inv.status === "overdue" ? "font-medium text-red-700" : "text-slate-600"}`}>
                    {t(inv.status === "overdue" ? "documents.overdueSince" : "documents.dueOn", { date: format.calendarDate(inv.dueAt) })}
                  </p>
                ) : null}
              </div>
              <div className="text-right">
                <p className="font-semibold text-slate-900"><Money>{format.money(inv.amountDue, inv.currency)}</Money></p>
                <Badge tone={status.tone}>{status.label}</Badge>
                <p>
                  <Link
                    href={`/documents/factures/${inv.id}#payer`}
                    aria-label={t("documents.pay.actionOf", { number: inv.number ?? inv.id })}
                    className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline"
                  >
                    {t("documents.pay.action")}
                  </Link>
                </p>
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

export async function QuotesSection({ i18n, data, staleSince }: SectionProps<"quotesToSign">) {
  const { t, format } = i18n;
  const title = t("dashboard.quotes.title");
  const section = await read(data, staleSince);
  if (!section) return <SectionUnavailable i18n={i18n} id="devis-a-signer" title={title} />;
  const quotes = section.value;
  const notice = <StaleNotice i18n={i18n} since={section.since} />;
  if (quotes.length === 0) {
    return (
      <Card id="devis-a-signer" title={title}>
        {notice}
        <EmptyState
          title={t("dashboard.quotes.empty")}
          hint={t("dashboard.quotes.emptyHint")}
          action={<LinkButton href="/messages" variant="secondary">{t("dashboard.quotes.cta")}</LinkButton>}
        />
      </Card>
    );
  }
  return (
    <Card
      id="devis-a-signer"
      title={title}
      action={<Badge tone="warning">{quotes.length}</Badge>}
      footer={<MoreLink href="/documents">{t("dashboard.quotes.all")}</MoreLink>}
    >
      {notice}
      <ul className="divide-y divide-slate-100">
        {quotes.map((q) => (
          <li key={q.id} className="flex flex-wrap items-start justify-between gap-2 py-3 first:pt-0 last:pb-0">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">{q.title}</p>
              <p className="text-sm text-slate-600">
                {[q.number && !q.title.includes(q.number) ? q.number : null, q.expiresAt ? t("dashboard.quotes.validUntil", { date: format.calendarDate(q.expiresAt) }) : null]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
            </div>
            <p className="font-semibold text-slate-900">{t("documents.totalTtc", { amount: format.money(q.totals.ttc, q.currency) })}</p>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export async function RepliesSection({ i18n, data, staleSince }: SectionProps<"unreadReplies">) {
  const { t, format } = i18n;
  const title = t("dashboard.replies.title");
  const section = await read(data, staleSince);
  if (!section) return <SectionUnavailable i18n={i18n} id="nouvelles-reponses" title={title} />;
  const unread = section.value;
  const notice = <StaleNotice i18n={i18n} since={section.since} />;
  if (unread.length === 0) {
    return (
      <Card id="nouvelles-reponses" title={title}>
        {notice}
        <EmptyState
          title={t("dashboard.replies.empty")}
          hint={t("dashboard.replies.emptyHint")}
          action={<LinkButton href="/messages" variant="secondary">{t("dashboard.replies.cta")}</LinkButton>}
        />
      </Card>
    );
  }
  return (
    <Card
      id="nouvelles-reponses"
      title={title}
      action={<Badge tone="info">{unread.length}</Badge>}
      footer={<MoreLink href="/messages">{t("dashboard.replies.all")}</MoreLink>}
    >
      {notice}
      <p className="mb-2 text-sm text-slate-700">{t("dashboard.replies.summary", { count: unread.length })}</p>
      <ul className="divide-y divide-slate-100">
        {unread.map(({ conversation, latestReply, unreadCount }) => (
          <li key={conversation.id} className="py-3 first:pt-0 last:pb-0">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-medium text-slate-900">
                <Link href="/messages" className="underline-offset-4 hover:underline">
                  {conversation.subject}
                </Link>
              </p>
              <Badge tone="info">{t("dashboard.replies.newCount", { count: unreadCount })}</Badge>
            </div>
            <p className="text-sm text-slate-600">
              {requestKindLabel(t, conversation.kind)}
              {latestReply.at ? ` · ${format.shortDateTime(latestReply.at)}` : null}
            </p>
            <p className="mt-1 line-clamp-2 text-sm text-slate-700">
              <span className="font-semibold">{t("messages.said", { author: t("messages.staff") })}</span>{" "}
              {latestReply.body}
            </p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
