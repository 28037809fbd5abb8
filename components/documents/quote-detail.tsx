import Link from "next/link";
import { I18nProvider } from "@/components/i18n-provider";
import { MESSAGES } from "@/lib/i18n/messages";
import type { QuoteDocument } from "@/lib/documents/get-document";
import type { I18n } from "@/lib/i18n/server";
import { quoteStatus } from "@/components/status";
import { Badge, Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";
import { LinesTable, PdfPanel } from "./document-parts";
import { QuoteSigning } from "./quote-signing";
import { Money } from "@/components/ui/money";

/** One quote: facts, content, PDF, and the signature (or refusal) while it is to sign. */
export function QuoteDetail({
  i18n,
  doc,
  consentText,
  signerName,
  justSigned = false,
}: {
  i18n: I18n;
  doc: QuoteDocument;
  consentText: string;
  signerName: string;
  /** Signed a moment ago on this page: the thanks stays once the page shows the signed quote. */
  justSigned?: boolean;
}) {
  const { t, format } = i18n;
  const { quote, progress } = doc;
  const status = quoteStatus(t, quote.status);
  const number = quote.number ?? quote.id;
  const pdf = `/api/documents/devis/${quote.id}/pdf`;
  return (
    <div className="space-y-5">
      <p>
        <Link href="/documents?onglet=devis" className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline">
          {t("documents.detail.back")}
        </Link>
      </p>
      <PageHeader title={t("documents.detail.quoteTitle", { number })} intro={quote.title} action={<Badge tone={status.tone}>{status.label}</Badge>} />
      {justSigned ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 text-sm font-medium text-green-900">
          {t("documents.sign.signed")}
        </p>
      ) : null}
      <Card id="devis-resume" title={t("documents.detail.summary")}>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600">{t("documents.detail.totalTtc")}</dt>
            <dd className="text-lg font-semibold"><Money>{format.money(quote.totals.ttc, quote.currency)}</Money></dd>
          </div>
          {quote.createdAt ? (
            <div>
              <dt className="text-slate-600">{t("documents.detail.date")}</dt>
              <dd>{format.calendarDate(quote.createdAt)}</dd>
            </div>
          ) : null}
          {quote.expiresAt ? (
            <div>
              <dt className="text-slate-600">{t("documents.detail.validUntil")}</dt>
              <dd>{format.calendarDate(quote.expiresAt)}</dd>
            </div>
          ) : null}
          {quote.status === "signed" && quote.signedAt ? (
            <div>
              <dt className="text-slate-600">{t("documents.detail.signedAt")}</dt>
              <dd>{format.dateTime(quote.signedAt)}</dd>
            </div>
          ) : null}
        </dl>
        {quote.syncPending ? (
          <p role="status" className="mt-3 rounded-lg bg-brand-50 p-3 text-sm text-brand-900">
            {quote.status === "signed" ? t("documents.detail.signedSyncPending") : t("documents.detail.refusedSyncPending")}
          </p>
        ) : null}
        {quote.status === "to_sign" ? (
          <p className="mt-3">
            <a href="#signature" className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline">
              {t("documents.detail.goToSignature")}
            </a>
          </p>
        ) : null}
        {quote.status === "expired" ? <p className="mt-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">{t("documents.detail.expiredHint")}</p> : null}
        {quote.status === "refused" && quote.decision?.reason ? <p className="mt-3 text-sm text-slate-700">{t("documents.detail.refusedReason", { reason: quote.decision.reason })}</p> : null}
      </Card>
      <Card id="devis-contenu" title={t("documents.detail.content")}>
        <LinesTable i18n={i18n} lines={quote.lines} totals={quote.totals} currency={quote.currency} />
      </Card>
      <Card id="devis-pdf" title={quote.status === "signed" ? t("documents.detail.signedPdf") : t("documents.detail.pdf")}>
        <PdfPanel
          i18n={i18n}
          src={pdf}
          title={t("documents.detail.previewOf", { name: t("documents.detail.quoteTitle", { number }) })}
          downloadLabel={quote.status === "signed" ? t("documents.detail.downloadSigned") : t("documents.detail.downloadQuote")}
        />
      </Card>
      {quote.status === "to_sign" ? (
        <Card id="signature" title={t("documents.sign.title")}>
          <I18nProvider locale={i18n.locale} messages={{ documents: MESSAGES[i18n.locale].documents }}>
            <QuoteSigning quoteId={quote.id} consentText={consentText} defaultName={signerName} pending={progress?.codePending ?? null} />
          </I18nProvider>
        </Card>
      ) : null}
    </div>
  );
}
