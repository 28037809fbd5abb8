import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { InvoiceDetail } from "@/components/documents/invoice-detail";
import { epcQrSvgDataUrl, invoicePayment } from "@/lib/documents/invoice-payment";
import type { Company } from "@/lib/settings";
import { TEST_COMPANY } from "../support/company";
import { i18nFor } from "@/lib/i18n/server";
import type { Invoice } from "@/lib/model/types";
import { makeCustomer, makeInvoice } from "../documents/fixtures";

/** The invoice page's « Payer cette facture » card as the customer (and a screen reader) meets it. */
const fr = i18nFor("fr");
const PAGE = "https://app-eu1.hubspot.com/payments/7Hq2xKp9TzWm";

/** The demo's company (its example account, shown as the demo's), or one without bank details, or none entered. */
const NO_BANK: Company = { ...TEST_COMPANY, bank: null };
async function render(invoice: Invoice, company: Company | null = TEST_COMPANY, i18n = fr): Promise<string> {
  const payment = invoicePayment(invoice, company, { demo: company === TEST_COMPANY });
  const transferQr = payment?.transfer ? await epcQrSvgDataUrl(payment.transfer.epcPayload) : null;
  return renderToStaticMarkup(createElement(InvoiceDetail, { i18n, doc: { invoice, customer: makeCustomer(), payment, transferQr, companyPhone: company?.phone.display ?? null } }));
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");

describe("invoice page: paying", () => {
  it("an overdue invoice: amount, IBAN grouped by 4 with « Copier », BIC, reference, and the QR code with its text alternative", async () => {
    const html = await render(makeInvoice({ status: "overdue", amountDue: 1234.5 }));
    const page = text(html);
    expect(page).toContain("Payer cette facture");
    expect(page).toMatch(/Montant à payer 1\s234,50\s€/);
    expect(page).toContain("FR76 3000 6000 0112 3456 7890 189");
    expect(page).toContain("Copier l'IBAN");
    expect(page).toContain("AGRIFRPP");
    expect(page).toContain("Référence à indiquer FA-2026-00317");
    expect(page).toContain("Compte de démonstration");
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,[^"]+"[^>]*alt="QR code de virement SEPA : 1\s234,50\s€ à Duret Électricité SARL, IBAN FR76 3000 6000 0112 3456 7890 189, référence FA-2026-00317"/);
    // HubSpot gave no page: no online payment offered.
    expect(page).not.toContain("Payer en ligne");
  });

  it("HubSpot's page as « Payer en ligne » when HubSpot gives one (new tab, no referrer)", async () => {
    const html = await render(makeInvoice({ status: "open", amountDue: 80, hostedPageUrl: PAGE, hostedPdfUrl: `${PAGE}/pdf` }));
    expect(html).toMatch(new RegExp(`<a href="${PAGE}" target="_blank" rel="noopener noreferrer"[^>]*>Payer en ligne`));
    expect(html).toContain(`href="${PAGE}/pdf"`);
  });

  it("without bank details in the console: no transfer block, the company's phone number instead", async () => {
    const page = text(await render(makeInvoice({ status: "overdue", amountDue: 50 }), NO_BANK));
    expect(page).toContain("Payer cette facture");
    expect(page).not.toContain("IBAN");
    expect(page).toContain("appelez-nous au 04 78 62 45 18");
  });

  it("company identity not entered yet: no transfer block, no made-up number (the Messages section instead)", async () => {
    const page = text(await render(makeInvoice({ status: "overdue", amountDue: 50 }), null));
    expect(page).toContain("Payer cette facture");
    expect(page).not.toContain("IBAN");
    expect(page).not.toMatch(/\d\d \d\d \d\d \d\d \d\d/);
    expect(page).toContain("écrivez-nous depuis la rubrique Messages");
  });

  it("once HubSpot marks it paid: « Payée », no payment card", async () => {
    const html = await render(makeInvoice({ status: "paid", amountDue: 0, hostedPageUrl: PAGE }));
    const page = text(html);
    expect(page).toContain("Payée");
    expect(page).toContain("Cette facture est payée");
    expect(page).not.toContain("Payer cette facture");
    expect(html).not.toContain("data:image/svg+xml");
    expect(html).not.toContain(PAGE);
  });

  it("in English beside French", async () => {
    const page = text(await render(makeInvoice({ status: "overdue", amountDue: 10 }), TEST_COMPANY, i18nFor("en")));
    expect(page).toContain("Pay this invoice");
    expect(page).toContain("Reference to give FA-2026-00317");
  });
});
