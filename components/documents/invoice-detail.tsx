import Link from "next/link";
import type { InvoiceDocument } from "@/lib/documents/get-document";
import type { I18n } from "@/lib/i18n/server";
import { invoiceStatus } from "@/components/status";
import { Badge, Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { LinesTable, PdfPanel } from "./document-parts";
import { InvoicePaymentCard } from "./invoice-payment";
import { Money } from "@/components/ui/money";

/** One invoice: what is due and by when, its content and its PDF. */
export function InvoiceDetail({ i18n, doc }: { i18n: I18n; doc: InvoiceDocument }) {
  const { t, format } = i18n;
  const { invoice, payment } = doc;
  const status = invoiceStatus(t, invoice.status);
  const number = invoice.number ?? invoice.id;
  const unpaid = (invoice.status === "open" || invoice.status === "overdue") && (invoice.amountDue ?? 0) > 0;
  return (
    <div className="space-y-5">
      <p>
        <Link href="/documents?onglet=factures" className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline">
          {t("documents.detail.backInvoices")}
        </Link>
      </p>
      <PageHeader title={t("documents.invoiceNumber", { number })} action={<Badge tone={status.tone}>{status.label}</Badge>} />
      <Card id="facture-resume" title={t("documents.detail.summary")}>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600">{t("documents.detail.totalTtc")}</dt>
            <dd className="text-lg font-semibold"><Money>{format.money(invoice.totals.ttc, invoice.currency)}</Money></dd>
          </div>
          <div>
            <dt className="text-slate-600">{t("documents.detail.amountDue")}</dt>
            <dd className={`text-lg font-semibold ${invoice.status === "overdue" ? "text-red-800" : ""}`}><Money>{format.money(unpaid ? invoice.amountDue : 0, invoice.currency)}</Money></dd>
          </div>
          {invoice.issuedAt ? (
            <div>
              <dt className="text-slate-600">{t("documents.detail.issuedAt")}</dt>
              <dd>{format.calendarDate(invoice.issuedAt)}</dd>
            </div>
          ) : null}
          {invoice.dueAt ? (
            <div>
              <dt className="text-slate-600">{t("documents.detail.dueAt")}</dt>
              <dd>{format.calendarDate(invoice.dueAt)}</dd>
            </div>
          ) : null}
          {invoice.paymentTerms ? (
            <div className="sm:col-span-2">
              <dt className="text-slate-600">{t("documents.detail.paymentTerms")}</dt>
              <dd>{invoice.paymentTerms}</dd>
            </div>
          ) : null}
        </dl>
        {invoice.status === "paid" ? <p className="mt-3 rounded-md bg-emerald-50 p-2 text-sm font-medium text-emerald-900">{t("documents.pay.paid")}</p> : null}
      </Card>
      {payment ? <InvoicePaymentCard i18n={i18n} payment={payment} qr={doc.transferQr} phone={doc.companyPhone} /> : null}
      <Card id="facture-contenu" title={t("documents.detail.content")}>
        <LinesTable i18n={i18n} lines={invoice.lines} totals={invoice.totals} currency={invoice.currency} />
      </Card>
      <Card id="facture-pdf" title={t("documents.detail.pdf")}>
        <PdfPanel
          i18n={i18n}
          src={`/api/documents/factures/${invoice.id}/pdf`}
          title={t("documents.detail.previewOf", { name: t("documents.invoiceNumber", { number }) })}
          downloadLabel={t("documents.detail.downloadInvoice")}
        />
      </Card>
    </div>
  );
}
