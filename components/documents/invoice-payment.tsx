import type { InvoicePayment } from "@/lib/documents/invoice-payment";
import type { I18n } from "@/lib/i18n/server";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * « Payer cette facture »: HubSpot's payment page when HubSpot gives one, and the SEPA transfer with
 * its EPC QR code, the same data written out as text (IBAN grouped by 4, copyable). Phone first:
 * one column, the QR code under the text; side by side from `sm`.
 */
export function InvoicePaymentCard({ i18n, payment, qr, phone }: { i18n: I18n; payment: InvoicePayment; qr: string | null; phone: string | null }) {
  const { t, format } = i18n;
  const amount = format.money(payment.amountDue, payment.currency);
  const { transfer } = payment;
  return (
    <Card id="payer" title={t("documents.pay.title")}>
      <dl className="mb-4">
        <dt className="text-sm text-slate-600">{t("documents.pay.amount")}</dt>
        <dd className="text-2xl font-bold text-slate-900" data-testid="pay-amount">
          {amount}
        </dd>
      </dl>
      {payment.hostedPageUrl ? (
        <div className="mb-5 space-y-1">
          <a href={payment.hostedPageUrl} target="_blank" rel="noopener noreferrer" className={buttonClasses({ size: "md", className: "w-full sm:w-auto" })}>
            {t("documents.pay.online")} <span className="sr-only">{t("documents.detail.newTab")}</span>
          </a>
          <p className="text-sm text-slate-600">{t("documents.pay.onlineHint")}</p>
          {payment.hostedPdfUrl ? (
            <a href={payment.hostedPdfUrl} target="_blank" rel="noopener noreferrer" className="inline-flex min-h-11 items-center text-sm font-semibold text-brand-700 underline">
              {t("documents.pay.hostedPdf")} <span className="sr-only">{t("documents.detail.newTab")}</span>
            </a>
          ) : null}
        </div>
      ) : null}
      {transfer ? (
        <section aria-labelledby="payer-virement-titre" className="space-y-3">
          <h3 id="payer-virement-titre" className="font-semibold text-slate-900">
            {t("documents.pay.transferTitle")}
          </h3>
          {transfer.demo ? <p className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">{t("documents.pay.demo")}</p> : null}
          <p className="text-sm text-slate-700">{t("documents.pay.transferHint")}</p>
          <div className="flex flex-col gap-4 sm:flex-row-reverse sm:items-start sm:justify-end">
            {qr ? (
              // eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server: nothing for next/image to optimise
              <img
                src={qr}
                width={200}
                height={200}
                data-testid="pay-qr"
                className="h-[200px] w-[200px] self-center bg-white sm:self-start"
                alt={t("documents.pay.qrAlt", { amount, beneficiary: transfer.beneficiary, iban: transfer.ibanDisplay, reference: transfer.reference })}
              />
            ) : null}
            <dl className="min-w-0 flex-1 space-y-3 text-sm">
              <div>
                <dt className="text-slate-600">{t("documents.pay.beneficiary")}</dt>
                <dd className="font-medium">{transfer.beneficiary}</dd>
              </div>
              <div>
                <dt className="text-slate-600">{t("documents.pay.iban")}</dt>
                <dd className="flex flex-wrap items-center gap-x-3">
                  <span className="font-mono text-base font-semibold tracking-wide select-all" data-testid="pay-iban">
                    {transfer.ibanDisplay}
                  </span>
                  <CopyButton value={transfer.iban} label={t("documents.pay.copyIban")} copiedLabel={t("documents.pay.copied")} failedLabel={t("documents.pay.copyFailed")} />
                </dd>
              </div>
              {transfer.bic ? (
                <div>
                  <dt className="text-slate-600">{t("documents.pay.bic")}</dt>
                  <dd className="font-mono select-all">{transfer.bic}</dd>
                </div>
              ) : null}
              <div>
                <dt className="text-slate-600">{t("documents.pay.reference")}</dt>
                <dd className="flex flex-wrap items-center gap-x-3">
                  <span className="font-mono text-base font-semibold select-all" data-testid="pay-reference">
                    {transfer.reference}
                  </span>
                  <CopyButton value={transfer.reference} label={t("documents.pay.copyReference")} copiedLabel={t("documents.pay.copied")} failedLabel={t("documents.pay.copyFailed")} />
                </dd>
                <dd className="text-slate-600">{t("documents.pay.referenceHint")}</dd>
              </div>
            </dl>
          </div>
          <p className="text-sm text-slate-600">{t("documents.pay.delay")}</p>
        </section>
      ) : (
        <p className="text-sm text-slate-700">{phone ? t("documents.pay.noTransfer", { phone }) : t("documents.pay.noTransferNoPhone")}</p>
      )}
    </Card>
  );
}
