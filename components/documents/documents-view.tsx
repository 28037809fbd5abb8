import Link from "next/link";
import type { DocumentFilters, DocumentLists } from "@/lib/documents/list-documents";
import type { I18n } from "@/lib/i18n/server";
import { invoiceStatus, quoteStatus } from "@/components/status";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";

/**
 * The Documents space: tabs (quotes, invoices, reports) and filters as plain links and a GET form,
 * so it works before hydration and every view has a shareable URL.
 */
const TABS = ["tous", "devis", "factures", "rapports"] as const;

function href(f: Partial<DocumentFilters>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `/documents?${s}` : "/documents";
}

export function DocumentsView({ i18n, all, shown, filters }: { i18n: I18n; all: DocumentLists; shown: DocumentLists; filters: DocumentFilters }) {
  const { t, format } = i18n;
  const tab = filters.onglet;
  const counts = { tous: all.quotes.length + all.invoices.length + all.reports.length, devis: all.quotes.length, factures: all.invoices.length, rapports: all.reports.length };
  const toSign = all.quotes.filter((q) => q.status === "to_sign").length;
  const statusOptions: [string, string][] =
    tab === "devis"
      ? [
          ["", t("documents.filters.allQuotes")],
          ["a_signer", t("documents.filters.toSign")],
          ["signes", t("documents.filters.signed")],
          ["expires", t("documents.filters.expired")],
          ["refuses", t("documents.filters.refused")],
        ]
      : tab === "factures"
        ? [
            ["", t("documents.filters.allInvoices")],
            ["a_payer", t("documents.filters.unpaid")],
            ["en_retard", t("documents.filters.overdue")],
            ["payees", t("documents.filters.paid")],
          ]
        : [];
  const filtered = Boolean(filters.statut || filters.q || filters.du || filters.au);

  return (
    <div className="space-y-5">
      <PageHeader title={t("documents.title")} intro={toSign > 0 ? t("documents.introToSign", { count: toSign }) : t("documents.intro")} />
      <nav aria-label={t("documents.tabsLabel")} className="-mx-1 overflow-x-auto">
        <ul className="flex gap-2 px-1">
          {TABS.map((key) => (
            <li key={key}>
              <Link
                href={href({ onglet: key })}
                aria-current={tab === key ? "page" : undefined}
                className="inline-flex min-h-11 items-center gap-2 rounded-full border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-800 hover:border-brand-700 aria-[current=page]:border-brand-700 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white"
              >
                {t(`documents.tabs.${key}`)}
                <span className="rounded-full bg-black/10 px-2 text-xs">{counts[key]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {/* Folded by default on phones' short screens; open while a filter is applied. */}
      <details open={filtered} className="rounded-xl border border-slate-200 bg-white">
        <summary className="flex min-h-11 cursor-pointer items-center px-4 text-sm font-semibold text-brand-800">{t("documents.filters.label")}</summary>
      <form method="get" action="/documents" role="search" aria-label={t("documents.filters.label")} className="grid gap-3 border-t border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-5">
        <input type="hidden" name="onglet" value={tab} />
        {statusOptions.length > 0 ? (
          <div className="space-y-1">
            <label htmlFor="filtre-statut" className="block text-sm font-semibold text-slate-900">
              {t("documents.filters.status")}
            </label>
            <select id="filtre-statut" name="statut" defaultValue={filters.statut ?? ""} className="block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-base">
              {statusOptions.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="space-y-1">
          <label htmlFor="filtre-q" className="block text-sm font-semibold text-slate-900">
            {tab === "rapports" ? t("documents.filters.searchReport") : t("documents.filters.search")}
          </label>
          <input id="filtre-q" name="q" type="search" defaultValue={filters.q ?? ""} maxLength={40} className="block min-h-11 w-full rounded-lg border border-slate-400 px-3 text-base" />
        </div>
        <div className="space-y-1">
          <label htmlFor="filtre-du" className="block text-sm font-semibold text-slate-900">
            {t("documents.filters.from")}
          </label>
          <input id="filtre-du" name="du" type="date" defaultValue={filters.du ?? ""} className="block min-h-11 w-full rounded-lg border border-slate-400 px-3 text-base" />
        </div>
        <div className="space-y-1">
          <label htmlFor="filtre-au" className="block text-sm font-semibold text-slate-900">
            {t("documents.filters.to")}
          </label>
          <input id="filtre-au" name="au" type="date" defaultValue={filters.au ?? ""} className="block min-h-11 w-full rounded-lg border border-slate-400 px-3 text-base" />
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit">{t("documents.filters.apply")}</Button>
          {filtered ? (
            <Link href={href({ onglet: tab })} className="inline-flex min-h-11 items-center px-2 text-sm font-semibold text-brand-700 underline">
              {t("documents.filters.clear")}
            </Link>
          ) : null}
        </div>
      </form>
      </details>

      <p role="status" className="text-sm text-slate-700">
        {t("documents.resultCount", {
          count: tab === "devis" ? shown.quotes.length : tab === "factures" ? shown.invoices.length : tab === "rapports" ? shown.reports.length : shown.quotes.length + shown.invoices.length + shown.reports.length,
        })}
      </p>

      {tab === "devis" || tab === "tous" ? (
        <Card id="devis" title={t("documents.quotes")}>
          {shown.quotes.length === 0 ? (
            <EmptyState title={filtered ? t("documents.noMatch") : t("documents.emptyQuotes")} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {shown.quotes.map((q) => {
                const status = quoteStatus(t, q.status);
                const when =
                  q.status === "to_sign" && q.expiresAt
                    ? t("documents.validUntil", { date: format.calendarDate(q.expiresAt) })
                    : q.status === "expired" && q.expiresAt
                      ? t("documents.expiredOn", { date: format.calendarDate(q.expiresAt) })
                      : q.status === "signed" && q.signedAt
                        ? t("documents.signedOn", { date: format.calendarDate(q.signedAt) })
                        : null;
                return (
                  <li key={q.id} className="flex flex-wrap items-start justify-between gap-2 py-3 first:pt-0 last:pb-0">
                    <div className="min-w-0">
                      <Link href={`/documents/devis/${q.id}`} className="font-medium text-brand-800 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700">
                        {q.title}
                      </Link>
                      <p className="text-sm text-slate-600">
                        {[q.number && !q.title.includes(q.number) ? t("documents.quoteNumber", { number: q.number }) : null, when].filter(Boolean).join(" · ")}
                      </p>
                      {q.syncPending ? <p className="text-sm text-slate-600">{t("documents.syncPending")}</p> : null}
                    </div>
                    <div className="text-right">
                      <p className="font-semibold text-slate-900">{t("documents.totalTtc", { amount: format.money(q.totals.ttc, q.currency) })}</p>
                      <Badge tone={status.tone}>{status.label}</Badge>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      ) : null}

      {tab === "factures" || tab === "tous" ? (
        <Card id="factures" title={t("documents.invoices")}>
          {shown.invoices.length === 0 ? (
            <EmptyState title={filtered ? t("documents.noMatch") : t("documents.emptyInvoices")} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {shown.invoices.map((inv) => {
                const status = invoiceStatus(t, inv.status);
                const unpaid = (inv.status === "open" || inv.status === "overdue") && (inv.amountDue ?? 0) > 0;
                const label = t("documents.invoiceNumber", { number: inv.number ?? inv.id });
                return (
                  <li key={inv.id} className="flex flex-wrap items-start justify-between gap-2 py-3 first:pt-0 last:pb-0">
                    <div className="min-w-0">
                      <Link href={`/documents/factures/${inv.id}`} className="font-medium text-brand-800 underline decoration-brand-300 underline-offset-2 hover:decoration-brand-700">
                        {label}
                      </Link>
                      <p className="text-sm text-slate-600">
                        {[
                          inv.issuedAt ? t("documents.issuedOn", { date: format.calendarDate(inv.issuedAt) }) : null,
                          unpaid && inv.dueAt ? t(inv.status === "overdue" ? "documents.overdueSince" : "documents.dueOn", { date: format.calendarDate(inv.dueAt) }) : null,
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                      </p>
                      {unpaid ? (
                        <p className={`text-sm font-semibold ${inv.status === "overdue" ? "text-red-800" : "text-slate-900"}`}>
                          {t("documents.amountDue", { amount: format.money(inv.amountDue, inv.currency) })}
                        </p>
                      ) : null}
                      <p className="flex flex-wrap gap-x-4">
                        {unpaid ? (
                          <Link href={`/documents/factures/${inv.id}#payer`} className="mt-1 inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline">
                            {t("documents.pay.actionOf", { number: inv.number ?? inv.id })}
                          </Link>
                        ) : null}
                        <a href={`/api/documents/factures/${inv.id}/pdf?telecharger=1`} className="mt-1 inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline" download>
                          {t("documents.downloadPdfOf", { name: label })}
                        </a>
                      </p>
                    </div>
                    <div className="text-right">
                      <p className="font-semibold text-slate-900">{t("documents.totalTtc", { amount: format.money(inv.totals.ttc, inv.currency) })}</p>
                      <Badge tone={status.tone}>{status.label}</Badge>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </Card>
      ) : null}

      {tab === "rapports" || tab === "tous" ? (
        <Card id="rapports" title={t("documents.reports")}>
          {shown.reports.length === 0 ? (
            <EmptyState title={filtered ? t("documents.noMatch") : t("documents.emptyReports")} />
          ) : (
            <ul className="divide-y divide-slate-100">
              {shown.reports.map((r) => (
                <li key={r.interventionId} className="flex flex-wrap items-start justify-between gap-2 py-3 first:pt-0 last:pb-0">
                  <div className="min-w-0">
                    <Link href={`/interventions/${r.interventionId}`} className="font-medium text-brand-800 underline decoration-brand-300 underline-offset-2">
                      {r.subject}
                    </Link>
                    <p className="text-sm text-slate-600">
                      {[r.date ? format.calendarDate(r.date) : null, r.photoFileIds.length ? t("documents.photoCount", { count: r.photoFileIds.length }) : null].filter(Boolean).join(" · ")}
                    </p>
                  </div>
                  {r.reportFileId ? (
                    <a href={`/api/interventions/${r.interventionId}/report`} className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline" download>
                      {t("documents.downloadReportOf", { subject: r.subject })}
                    </a>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}
    </div>
  );
}
