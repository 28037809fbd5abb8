import type { Company } from "@/lib/settings/company";
import { isConsumerCustomer } from "@/lib/model/customer-kind";
import type { Customer, Invoice } from "@/lib/model/types";
import { PageFlow, calendarDateToDate, createDocument, drawFooters, drawPageHeader, embedFonts, formatCalendarDate, formatEuro } from "./layout";
import { drawPaymentBlock, type PdfPaymentBlock } from "./payment";
import { customerName, drawInsuranceAndMediator, drawLinesTable, drawMentions, drawPartiesAndFacts, drawTotalsBlock } from "./parts";
import { computeTotals, fromCents, toCents } from "./vat";

export interface InvoicePdfOptions {
  locale?: "fr";
  /**
   * Business customers get the Code de commerce mentions: late-payment penalties and the 40 € fixed
   * recovery indemnity (art. L441-9, L441-10, D441-5). Consumers get the Code civil rule (legal
   * interest after formal notice, art. 1231-6): the indemnity is B2B only and is not printed for
   * them. By default the customer's kind decides (unknown is a consumer).
   */
  isConsumer?: boolean;
  /** "YYYY-MM-DD" of the service or delivery (mandatory mention); defaults to the invoice date. */
  serviceDate?: string | null;
  /** Wording of the late-payment rate; the legal floor between businesses by default. */
  latePenaltyRate?: string;
  /** How to pay an open or overdue invoice (SEPA transfer with its EPC QR code, HubSpot's page). */
  payment?: PdfPaymentBlock;
}

const DEFAULT_PENALTY_RATE = "trois fois le taux d'intérêt légal en vigueur";

/** A French invoice as PDF bytes, with the mentions the Code de commerce and the CGI require. */
export async function renderInvoicePdf(
  invoice: Invoice,
  customer: Customer,
  company: Company,
  options: InvoicePdfOptions = {},
): Promise<Uint8Array> {
  const number = invoice.number ?? invoice.id;
  const isConsumer = options.isConsumer ?? isConsumerCustomer(customer);
  const doc = await createDocument({
    title: `Facture ${number}`,
    subject: `Facture ${number} — ${company.name} pour ${customerName(customer)}`,
    author: company.legalName,
    keywords: ["facture", number, company.name],
    createdAt: calendarDateToDate(invoice.issuedAt) ?? new Date(0),
  });
  const fonts = await embedFonts(doc);
  let pageCount = 0;
  const flow = new PageFlow(doc, fonts, (f) => {
    drawPageHeader(f, company, `FACTURE N° ${number}`, pageCount === 0);
    pageCount++;
  });

  drawPartiesAndFacts(
    flow,
    [
      ["N° de facture", number],
      ["Date de facture", formatCalendarDate(invoice.issuedAt)],
      ["Date de la prestation", formatCalendarDate(options.serviceDate ?? invoice.issuedAt)],
      ["Date d'échéance", formatCalendarDate(invoice.dueAt)],
      ...(invoice.status === "voided" ? ([["Statut", "FACTURE ANNULÉE"]] as [string, string][]) : []),
    ],
    customer,
  );

  drawLinesTable(flow, invoice.lines);

  const ttcCents = invoice.lines.length > 0 ? computeTotals(invoice.lines).ttcCents : toCents(invoice.totals.ttc ?? 0);
  const paidCents = toCents(invoice.amountPaid ?? 0);
  const dueCents = invoice.amountDue !== null ? toCents(invoice.amountDue) : Math.max(ttcCents - paidCents, 0);
  drawTotalsBlock(flow, invoice.lines, invoice.totals, [
    { label: "Déjà réglé", amount: formatEuro(fromCents(paidCents)) },
    { label: "Net à payer", amount: formatEuro(fromCents(dueCents)), bold: true },
  ]);

  if (options.payment && (invoice.status === "open" || invoice.status === "overdue")) drawPaymentBlock(flow, options.payment);

  const terms = invoice.paymentTerms?.trim() || "paiement à réception de facture";
  drawMentions(flow, "Conditions de paiement", [
    `Échéance : ${formatCalendarDate(invoice.dueAt)} (${terms}).`,
    "Pas d'escompte pour paiement anticipé.",
    isConsumer
      ? "En cas de retard de paiement, des intérêts au taux d'intérêt légal pourront être appliqués après mise en demeure (art. 1231-6 du Code civil)."
      : `En cas de retard de paiement, des pénalités de retard au taux de ${options.latePenaltyRate ?? DEFAULT_PENALTY_RATE} sont exigibles dès le lendemain de la date d'échéance, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € (art. L441-10 et D441-5 du Code de commerce).`,
  ]);

  const reducedRates = [...new Set(invoice.lines.map((l) => l.vatRate).filter((r): r is number => r === 10 || r === 5.5))];
  if (reducedRates.length > 0) {
    drawMentions(flow, "TVA à taux réduit", [
      "Taux réduit appliqué au vu de l'attestation du client certifiant que les travaux portent sur un local d'habitation achevé depuis plus de deux ans (CGI art. 279-0 bis et 278-0 bis A).",
    ]);
  }

  drawInsuranceAndMediator(flow, company);

  drawFooters(doc, fonts, `${company.legalName} — ${company.legalForm} — SIRET ${company.siret} — TVA ${company.vatNumber}`);
  return doc.save();
}
