import { COMPANY, type Company } from "@/lib/company";
import type { Customer, Quote } from "@/lib/model/types";
import { COLORS, CONTENT_WIDTH, MARGIN, PageFlow, calendarDateToDate, createDocument, drawFooters, drawLine, drawPageHeader, embedFonts, formatCalendarDate, type Fonts } from "./layout";
import { customerName, drawLinesTable, drawMentions, drawPartiesAndFacts, drawTotalsBlock } from "./parts";

export interface QuotePdfOptions {
  /** Wording of the payment terms; the company's usual terms by default. */
  paymentTerms?: string;
}

const DEFAULT_PAYMENT_TERMS =
  "Acompte de 30 % à la signature, solde à réception de facture à la fin des travaux. Paiement par virement, chèque ou carte bancaire. Pas d'escompte pour paiement anticipé.";

/**
 * A French quote as PDF bytes: number, dates, validity, lines, totals per VAT rate, payment terms,
 * the 14-day withdrawal information for consumers (Code de la consommation art. L221-5, L221-18)
 * and a "Bon pour accord" signature area (the e-signature stamps into it later).
 */
export async function renderQuotePdf(
  quote: Quote,
  customer: Customer,
  company: Company = COMPANY,
  options: QuotePdfOptions = {},
): Promise<Uint8Array> {
  return (await renderQuotePdfWithLayout(quote, customer, company, options)).bytes;
}

/** Where the customer's "Bon pour accord" box is, in PDF points (origin bottom-left). */
export interface SignatureBox {
  /** 0-based page index. */
  pageIndex: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The same PDF, and where the e-signature should stamp the customer's signature and date. */
export async function renderQuotePdfWithLayout(
  quote: Quote,
  customer: Customer,
  company: Company = COMPANY,
  options: QuotePdfOptions = {},
): Promise<{ bytes: Uint8Array; signatureBox: SignatureBox }> {
  const number = quote.number ?? quote.id;
  const doc = await createDocument({
    title: `Devis ${number}`,
    subject: `Devis ${number} — ${quote.title} — ${company.name} pour ${customerName(customer)}`,
    author: company.legalName,
    keywords: ["devis", number, company.name],
    createdAt: calendarDateToDate(quote.createdAt) ?? new Date(0),
  });
  const fonts = await embedFonts(doc);
  let pageCount = 0;
  const flow = new PageFlow(doc, fonts, (f) => {
    drawPageHeader(f, company, `DEVIS N° ${number}`, pageCount === 0);
    pageCount++;
  });

  drawPartiesAndFacts(
    flow,
    [
      ["N° de devis", number],
      ["Date du devis", formatCalendarDate(quote.createdAt)],
      ["Valable jusqu'au", formatCalendarDate(quote.expiresAt)],
    ],
    customer,
  );
  flow.text(quote.title, { bold: true, size: 11 });
  flow.gap(8);

  drawLinesTable(flow, quote.lines);
  drawTotalsBlock(flow, quote.lines, quote.totals);

  drawMentions(flow, "Conditions", [
    `Devis gratuit, valable jusqu'au ${formatCalendarDate(quote.expiresAt)}. Au-delà, les prix pourront être révisés.`,
    `Conditions de paiement : ${options.paymentTerms ?? DEFAULT_PAYMENT_TERMS}`,
  ]);

  if (quote.lines.some((l) => l.vatRate === 10 || l.vatRate === 5.5)) {
    drawMentions(flow, "TVA à taux réduit", [
      "Le taux réduit suppose que les travaux portent sur un local d'habitation achevé depuis plus de deux ans ; le client le certifie en signant (CGI art. 279-0 bis et 278-0 bis A).",
    ]);
  }

  if (quote.isConsumer) {
    drawMentions(flow, "Droit de rétractation (14 jours)", [
      "Vous disposez d'un délai de quatorze jours pour exercer votre droit de rétractation sans avoir à motiver votre décision (Code de la consommation, art. L221-18 et suivants), lorsque le contrat est conclu à distance ou hors établissement. Le délai court à compter de la conclusion du contrat.",
      `Pour l'exercer, informez-nous de votre décision par une déclaration dénuée d'ambiguïté (courrier à ${company.legalName}, ${company.address.street}, ${company.address.postalCode} ${company.address.city}, ou courriel à ${company.email}), par exemple au moyen du formulaire type de rétractation.`,
      "Si vous demandez que les travaux commencent avant la fin de ce délai, vous devrez payer un montant proportionnel à ce qui a été fourni jusqu'à votre rétractation ; en cas de travaux d'urgence demandés expressément à votre domicile, le droit de rétractation ne s'applique pas aux travaux strictement nécessaires (art. L221-28).",
    ]);
  }

  const box = drawSignatureArea(flow, fonts, number);
  const signatureBox = { pageIndex: doc.getPageCount() - 1, ...box };
  drawFooters(doc, fonts, `${company.legalName} — ${company.legalForm} — SIRET ${company.siret} — TVA ${company.vatNumber}`);
  return { bytes: await doc.save(), signatureBox };
}

/** Two boxes: the company's and the customer's "Bon pour accord" (date, signature). Returns the customer's. */
function drawSignatureArea(flow: PageFlow, fonts: Fonts, number: string): Omit<SignatureBox, "pageIndex"> {
  const height = 120;
  flow.ensure(height + 10);
  const gap = 20;
  const boxWidth = (CONTENT_WIDTH - gap) / 2;
  const top = flow.y;
  const boxes: [number, string, string[]][] = [
    [MARGIN.left, "L'entreprise", ["Date :", "Signature et cachet :"]],
    [MARGIN.left + boxWidth + gap, "Le client — « Bon pour accord »", [`Devis n° ${number} accepté.`, "Date :", "Signature :"]],
  ];
  for (const [x, title, lines] of boxes) {
    flow.page.drawRectangle({ x, y: top - height, width: boxWidth, height, borderColor: COLORS.rule, borderWidth: 0.8 });
    drawLine(flow.page, title, x + 8, top - 16, fonts.bold, 9.5);
    let y = top - 32;
    for (const l of lines) {
      drawLine(flow.page, l, x + 8, y, fonts.regular, 8.5, { color: COLORS.muted });
      y -= 16;
    }
  }
  flow.y = top - height - 10;
  return { x: MARGIN.left + boxWidth + gap, y: top - height, width: boxWidth, height };
}
