import { buttonClasses } from "@/components/ui/button";
import type { DocumentLine, Totals } from "@/lib/model/types";
import type { I18n } from "@/lib/i18n/server";
import { Money } from "@/components/ui/money";

/** The lines and totals of a quote or invoice as an accessible table (the PDF's content, readable on a phone). */
export function LinesTable({ i18n, lines, totals, currency }: { i18n: I18n; lines: DocumentLine[]; totals: Totals; currency: string }) {
  const { t, format } = i18n;
  return (
    <div className="space-y-3">
      {lines.length > 0 ? (
        // Focusable and named: a keyboard user can scroll the table sideways on a phone (WCAG 2.1.1).
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={t("documents.detail.linesCaption")}>
          <table className="w-full min-w-[28rem] text-left text-sm">
            <caption className="sr-only">{t("documents.detail.linesCaption")}</caption>
            <thead>
              <tr className="border-b border-slate-300 text-slate-700">
                <th scope="col" className="py-2 pr-2 font-semibold">
                  {t("documents.detail.designation")}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-semibold">
                  {t("documents.detail.quantity")}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-semibold">
                  {t("documents.detail.unitPrice")}
                </th>
                <th scope="col" className="px-2 py-2 text-right font-semibold">
                  {t("documents.detail.vat")}
                </th>
                <th scope="col" className="py-2 pl-2 text-right font-semibold">
                  {t("documents.detail.totalHt")}
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.id} className="border-b border-slate-100 align-top">
                  <th scope="row" className="py-2 pr-2 font-normal text-slate-900">
                    {l.name}
                    {l.description ? <span className="block text-xs text-slate-600">{l.description}</span> : null}
                  </th>
                  <td className="px-2 py-2 text-right tabular-nums">{l.quantity ?? "—"}</td>
                  <td className="px-2 py-2 text-right tabular-nums"><Money>{format.money(l.unitPrice, currency)}</Money></td>
                  <td className="px-2 py-2 text-right tabular-nums">{l.vatRate === null ? "—" : `${String(l.vatRate).replace(".", ",")} %`}</td>
                  <td className="py-2 pl-2 text-right tabular-nums"><Money>{format.money(l.totalHt, currency)}</Money></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-600">{t("documents.detail.noLines")}</p>
      )}
      <dl className="ml-auto grid max-w-xs grid-cols-2 gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-700">{t("documents.detail.totalHt")}</dt>
        <dd className="text-right tabular-nums"><Money>{format.money(totals.ht, currency)}</Money></dd>
        <dt className="text-slate-700">{t("documents.detail.totalVat")}</dt>
        <dd className="text-right tabular-nums"><Money>{format.money(totals.tva, currency)}</Money></dd>
        <dt className="font-semibold text-slate-900">{t("documents.detail.totalTtc")}</dt>
        <dd className="text-right font-semibold tabular-nums"><Money>{format.money(totals.ttc, currency)}</Money></dd>
      </dl>
    </div>
  );
}

/**
 * The PDF itself: a preview in the page where the browser shows PDFs inline (wide screens), and
 * open / download links everywhere (phones open the PDF in their viewer).
 */
export function PdfPanel({ i18n, src, title, downloadLabel }: { i18n: I18n; src: string; title: string; downloadLabel: string }) {
  const { t } = i18n;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <a href={`${src}?telecharger=1`} download className={buttonClasses()}>
          {downloadLabel}
        </a>
        <a href={src} target="_blank" rel="noopener" className={buttonClasses({ variant: "secondary" })}>
          {t("documents.detail.openPdf")}
          <span className="sr-only"> {t("documents.detail.newTab")}</span>
        </a>
      </div>
      <iframe src={src} title={title} className="hidden h-[36rem] w-full rounded-lg border border-slate-300 md:block" loading="lazy" />
    </div>
  );
}
