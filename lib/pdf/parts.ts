import type { Company } from "@/lib/settings/company";
import type { Customer, DocumentLine, Totals } from "@/lib/model/types";
import {
  CONTENT_WIDTH,
  MARGIN,
  drawAddressBlock,
  drawTable,
  drawTotals,
  formatEuro,
  formatQuantity,
  formatVatRate,
  type Column,
  type PageFlow,
} from "./layout";
import { computeTotals, fromCents, lineHtCents } from "./vat";

/** Pieces shared by quotes and invoices: the customer block, the lines table, the totals. */

export function customerName(customer: Customer): string {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ").trim();
  return name || customer.email || "Client";
}

export function customerAddressLines(customer: Customer): string[] {
  const { line, zip, city } = customer.address;
  const cityLine = [zip, city].filter(Boolean).join(" ");
  return [customerName(customer), ...(line ? [line] : []), ...(cityLine ? [cityLine] : [])];
}

/** Document facts on the left (number, dates…), the customer's block on the right. */
export function drawPartiesAndFacts(flow: PageFlow, facts: [string, string][], customer: Customer): void {
  const top = flow.y;
  const rightX = MARGIN.left + CONTENT_WIDTH / 2 + 20;
  const rightWidth = CONTENT_WIDTH / 2 - 20;
  const endRight = drawAddressBlock(flow, "CLIENT", [
    ...customerAddressLines(customer),
    ...(customer.sageCustomerCode ? [`Code client : ${customer.sageCustomerCode}`] : []),
  ], rightX, rightWidth);
  flow.y = top;
  for (const [label, value] of facts) {
    flow.text(`${label} : ${value}`, { width: CONTENT_WIDTH / 2, bold: label.startsWith("N°") });
  }
  flow.y = Math.min(flow.y, endRight) - 14;
}

const LINE_COLUMNS: Column[] = [
  { header: "Désignation", width: 264.28 },
  { header: "Qté", width: 40, align: "right" },
  { header: "P.U. HT", width: 72, align: "right" },
  { header: "TVA", width: 42, align: "right" },
  { header: "Total HT", width: 81, align: "right" },
];

export function drawLinesTable(flow: PageFlow, lines: DocumentLine[]): void {
  if (lines.length === 0) {
    flow.text("Le détail des lignes n'est pas disponible pour ce document.");
    flow.gap(8);
    return;
  }
  drawTable(
    flow,
    LINE_COLUMNS,
    lines.map((l) => [
      { text: l.name, bold: true, detail: l.description },
      { text: formatQuantity(l.quantity) },
      { text: formatEuro(l.unitPrice) },
      { text: formatVatRate(l.vatRate) },
      { text: formatEuro(fromCents(lineHtCents(l))) },
    ]),
  );
  flow.gap(12);
}

/**
 * "Total HT", one "TVA x %" row per rate (base and tax), "Total TTC". Computed from the lines when
 * there are any, so the breakdown always adds up; Sage's totals otherwise.
 */
export function drawTotalsBlock(flow: PageFlow, lines: DocumentLine[], sage: Totals, extra: { label: string; amount: string; bold?: boolean }[] = []): void {
  const rows: { label: string; amount: string; bold?: boolean }[] = [];
  if (lines.length > 0) {
    const t = computeTotals(lines);
    rows.push({ label: "Total HT", amount: formatEuro(fromCents(t.htCents)), bold: true });
    for (const g of t.groups) {
      rows.push({ label: `TVA ${formatVatRate(g.rate)} sur ${formatEuro(fromCents(g.baseCents))}`, amount: formatEuro(fromCents(g.vatCents)) });
    }
    rows.push({ label: "Total TVA", amount: formatEuro(fromCents(t.vatCents)) });
    rows.push({ label: "Total TTC", amount: formatEuro(fromCents(t.ttcCents)), bold: true });
  } else {
    rows.push({ label: "Total HT", amount: formatEuro(sage.ht), bold: true });
    rows.push({ label: "Total TVA", amount: formatEuro(sage.tva) });
    rows.push({ label: "Total TTC", amount: formatEuro(sage.ttc), bold: true });
  }
  drawTotals(flow, [...rows, ...extra]);
  flow.gap(10);
}

/** A titled paragraph of legal or practical mentions. */
export function drawMentions(flow: PageFlow, title: string, paragraphs: string[]): void {
  flow.ensure(40);
  flow.text(title, { bold: true, size: 9.5 });
  flow.gap(2);
  for (const p of paragraphs) {
    flow.text(p, { size: 8.5 });
    flow.gap(2);
  }
  flow.gap(8);
}

/**
 * On quotes and invoices, for every customer: the professional insurance (assurance décennale:
 * insurer, policy, area covered; loi Pinel, art. L243-2 Code des assurances) and the consumer
 * mediator (name and website; Code de la consommation, art. L616-1).
 */
export function drawInsuranceAndMediator(flow: PageFlow, company: Company): void {
  const { insurance, mediator } = company;
  drawMentions(flow, "Assurance et médiation", [
    `${insurance.kind} : ${insurance.insurer}, contrat n° ${insurance.policyNumber}, couverture géographique : ${insurance.area}.`,
    `Médiateur de la consommation : en cas de litige non résolu avec nous, vous pouvez recourir gratuitement à ${mediator.name} — ${mediator.website} (Code de la consommation, art. L612-1 et L616-1).`,
  ]);
}
