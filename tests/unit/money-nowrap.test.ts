import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InvoiceDetail } from "@/components/documents/invoice-detail";
import { LinesTable } from "@/components/documents/document-parts";
import { i18nFor } from "@/lib/i18n/server";
import { makeCustomer, makeInvoice } from "../documents/fixtures";

/** « 1 100,00 € » is never split across lines: every rendered amount is one no-wrap piece. */
const fr = i18nFor("fr");
/** Every amount in the markup ("1 100,00 €"), and whether the element right around it forbids wrapping. */
function amounts(html: string): { text: string; nowrap: boolean }[] {
  return [...html.matchAll(/(<[^>]+>)?([-\d][\d\u202f\u00a0 ]*,\d{2}\u00a0€)/g)].map((m) => ({ text: m[2]!, nowrap: /^<span class="whitespace-nowrap/.test(m[1] ?? "") }));
}

describe("amounts do not wrap", () => {
  it("the formatter glues the groups and the sign with no-break spaces", () => {
    expect(fr.format.money(1100)).toBe("1\u202f100,00\u00a0€");
  });

  it("the lines table and the invoice's totals keep each amount on one line", () => {
    const invoice = makeInvoice({ status: "open", amountDue: 1100 });
    const table = renderToStaticMarkup(createElement(LinesTable, { i18n: fr, lines: invoice.lines, totals: invoice.totals, currency: "EUR" }));
    const detail = renderToStaticMarkup(createElement(InvoiceDetail, { i18n: fr, doc: { invoice, customer: makeCustomer(), payment: null, transferQr: null, companyPhone: null } }));
    const found = [...amounts(table), ...amounts(detail)];
    expect(found.length).toBeGreaterThan(5);
    expect(found.filter((a) => !a.nowrap)).toEqual([]);
  });
});
