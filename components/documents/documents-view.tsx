import type { Invoice, Quote } from "@/lib/hubspot/types";
import type { I18n } from "@/lib/i18n/server";
import { invoiceStatus, quoteStatus } from "@/components/status";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";

/** Documents: quotes (with their validity) and invoices (with what is left to pay). */
export function DocumentsView({ i18n, quotes, invoices }: { i18n: I18n; quotes: Quote[]; invoices: Invoice[] }) {
  const { t, format } = i18n;
  return (
    <div className="space-y-6">
      <PageHeader title={t("documents.title")} intro={t("documents.intro")} />
      <Card id="devis" title={t("documents.quotes")}>
        {quotes.length === 0 ? (
          <EmptyState title={t("documents.emptyQuotes")} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {quotes.map((q) => {
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
                    <p className="font-medium text-slate-900">{q.title}</p>
                    <p className="text-sm text-slate-600">
                      {[q.number && !q.title.includes(q.number) ? t("documents.quoteNumber", { number: q.number }) : null, when].filter(Boolean).join(" · ")}
                    </p>
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
      <Card id="factures" title={t("documents.invoices")}>
        {invoices.length === 0 ? (
          <EmptyState title={t("documents.emptyInvoices")} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {invoices.map((inv) => {
              const status = invoiceStatus(t, inv.status);
              const unpaid = (inv.status === "open" || inv.status === "overdue") && (inv.amountDue ?? 0) > 0;
              return (
                <li key={inv.id} className="flex flex-wrap items-start justify-between gap-2 py-3 first:pt-0 last:pb-0">
                  <div className="min-w-0">
                    <p className="font-medium text-slate-900">{t("documents.invoiceNumber", { number: inv.number ?? inv.id })}</p>
                    <p className="text-sm text-slate-600">
                      {[
                        inv.issuedAt ? t("documents.issuedOn", { date: format.calendarDate(inv.issuedAt) }) : null,
                        unpaid && inv.dueAt
                          ? t(inv.status === "overdue" ? "documents.overdueSince" : "documents.dueOn", { date: format.calendarDate(inv.dueAt) })
                          : null,
                      ]
                        .filter(Boolean)
                        .join(" · ")}
                    </p>
                    {unpaid ? (
                      <p className={`text-sm font-semibold ${inv.status === "overdue" ? "text-red-700" : "text-slate-900"}`}>
                        {t("documents.amountDue", { amount: format.money(inv.amountDue, inv.currency) })}
                      </p>
                    ) : null}
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
    </div>
  );
}
