import type { Company } from "@/lib/settings/company";
import { isConsumerQuote } from "@/lib/model/customer-kind";
import type { Customer, Quote } from "@/lib/model/types";
import { COLORS, CONTENT_WIDTH, MARGIN, PageFlow, calendarDateToDate, createDocument, drawFooters, drawLine, drawPageHeader, embedFonts, formatCalendarDate, type Fonts } from "./layout";
import { customerName, drawInsuranceAndMediator, drawLinesTable, drawMentions, drawPartiesAndFacts, drawTotalsBlock } from "./parts";

export interface QuotePdfOptions {
  /** Wording of the payment terms; the company's usual terms by default. */
  paymentTerms?: string;
}

const DEFAULT_PAYMENT_TERMS =
  "Acompte de 30 % à la signature, solde à réception de facture à la fin des travaux. Paiement par virement, chèque ou carte bancaire. Pas d'escompte pour paiement anticipé.";

/**
 * A French quote as PDF bytes: number, dates, validity, lines, totals per VAT rate, payment terms,
 * the insurance and the consumer mediator, a "Bon pour accord" signature area (the e-signature
 * stamps into it later) and, for consumers, the 14-day withdrawal information with the model
 * withdrawal form annexed as a last page (Code de la consommation art. L221-5, L221-18, annex
 * R221-1): it is part of the original the customer reads, hence of the sealed signed PDF.
 */
export async function renderQuotePdf(
  quote: Quote,
  customer: Customer,
  company: Company,
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
  company: Company,
  options: QuotePdfOptions = {},
): Promise<{ bytes: Uint8Array; signatureBox: SignatureBox }> {
  const number = quote.number ?? quote.id;
  const isConsumer = isConsumerQuote(quote, customer);
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

  if (isConsumer) {
    drawMentions(flow, "Droit de rétractation (14 jours)", [
      "Vous disposez d'un délai de quatorze jours pour exercer votre droit de rétractation sans avoir à motiver votre décision (Code de la consommation, art. L221-18 et suivants), lorsque le contrat est conclu à distance ou hors établissement. Le délai court à compter de la conclusion du contrat.",
      `Pour l'exercer, informez-nous de votre décision par une déclaration dénuée d'ambiguïté (courrier à ${company.legalName}, ${company.address.street}, ${company.address.postalCode} ${company.address.city}, ou courriel à ${company.email}), par exemple au moyen du formulaire de rétractation joint en annexe de ce devis.`,
      "Si vous demandez que les travaux commencent avant la fin de ce délai, vous devrez payer un montant proportionnel à ce qui a été fourni jusqu'à votre rétractation ; en cas de travaux d'urgence demandés expressément à votre domicile, le droit de rétractation ne s'applique pas aux travaux strictement nécessaires (art. L221-28).",
    ]);
  }

  drawInsuranceAndMediator(flow, company);

  const box = drawSignatureArea(flow, fonts, number);
  const signatureBox = { pageIndex: doc.getPageCount() - 1, ...box };
  if (isConsumer) drawWithdrawalForm(flow, company, number, quote.title);
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

/**
 * The model withdrawal form of annex R221-1 of the Code de la consommation, on a page of its own,
 * addressed to the company (postal address and email), with the lines the consumer fills in.
 */
function drawWithdrawalForm(flow: PageFlow, company: Company, number: string, title: string): void {
  flow.newPage();
  flow.text("ANNEXE — FORMULAIRE DE RÉTRACTATION", { bold: true, size: 12 });
  flow.gap(4);
  flow.text("(Veuillez compléter et renvoyer le présent formulaire uniquement si vous souhaitez vous rétracter du contrat.)", { size: 9, color: COLORS.muted });
  flow.gap(10);
  flow.text(`À l'attention de ${company.legalName}, ${company.address.street}, ${company.address.postalCode} ${company.address.city} — courriel : ${company.email}`, { bold: true });
  flow.gap(10);
  flow.text(
    "Je/nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du contrat portant sur la vente du bien (*)/pour la prestation de services (*) ci-dessous :",
  );
  flow.gap(4);
  flow.text(`Devis n° ${number} — ${title}`, { size: 9, color: COLORS.muted });
  const field = (label: string, lines = 1) => {
    flow.gap(14);
    flow.text(label);
    for (let i = 0; i < lines; i++) {
      flow.gap(18);
      flow.ensure(4);
      flow.rule(COLORS.muted);
    }
  };
  field("Commandé le (*)/reçu le (*) :");
  field("Nom du (des) consommateur(s) :");
  field("Adresse du (des) consommateur(s) :", 2);
  field("Signature du (des) consommateur(s) (uniquement en cas de notification du présent formulaire sur papier) :", 3);
  field("Date :");
  flow.gap(14);
  flow.text("(*) Rayez la mention inutile.", { size: 8.5, color: COLORS.muted });
  flow.gap(4);
  flow.text(
    "Le formulaire peut être envoyé par courrier ou par courriel avant l'expiration du délai de quatorze jours (Code de la consommation, art. L221-21 et annexe à l'article R221-1).",
    { size: 8.5, color: COLORS.muted },
  );
}
