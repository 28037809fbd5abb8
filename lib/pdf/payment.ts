import QRCode from "qrcode";
import { rgb, type PDFPage } from "pdf-lib";
import { CONTENT_WIDTH, MARGIN, formatEuro, type PageFlow } from "./layout";

/**
 * The invoice's « Règlement » block: the SEPA credit transfer written out (beneficiary, IBAN, BIC,
 * amount, reference) beside its EPC QR code, and HubSpot's payment page when there is one. The
 * caller (lib/documents) decides what is payable and builds the EPC payload; this only draws.
 */
export interface PdfPaymentBlock {
  /** HubSpot's hosted page of the invoice, where the buyer can pay online. */
  hostedPageUrl: string | null;
  transfer: {
    beneficiary: string;
    ibanDisplay: string;
    bic: string | null;
    amount: number;
    reference: string;
    /** The EPC069-12 payload drawn as the QR code. */
    epcPayload: string;
    demo: boolean;
  } | null;
}

/** Side of the QR code in points (≈ 39 mm): about 2.4 pt a module for the usual version 8–10 code. */
export const PAYMENT_QR_SIZE = 110;

export function drawPaymentBlock(flow: PageFlow, payment: PdfPaymentBlock): void {
  const { transfer } = payment;
  flow.ensure(transfer ? PAYMENT_QR_SIZE + 40 : 50);
  flow.text("Règlement", { bold: true, size: 9.5 });
  flow.gap(4);
  if (transfer) {
    const top = flow.y;
    const qrX = MARGIN.left + CONTENT_WIDTH - PAYMENT_QR_SIZE;
    drawQr(flow.page, transfer.epcPayload, qrX, top - PAYMENT_QR_SIZE, PAYMENT_QR_SIZE);
    const width = CONTENT_WIDTH - PAYMENT_QR_SIZE - 16;
    flow.text(`Par virement SEPA${transfer.demo ? " (compte de démonstration)" : ""} :`, { size: 9, width });
    flow.gap(2);
    const rows: [string, string][] = [
      ["Bénéficiaire", transfer.beneficiary],
      ["IBAN", transfer.ibanDisplay],
      ...(transfer.bic ? ([["BIC", transfer.bic]] as [string, string][]) : []),
      ["Montant", formatEuro(transfer.amount)],
      ["Référence à indiquer", transfer.reference],
    ];
    for (const [label, value] of rows) flow.text(`${label} : ${value}`, { size: 9, width, bold: label === "IBAN" || label === "Référence à indiquer" });
    flow.gap(4);
    flow.text("Scannez le QR code avec l'application de votre banque : le virement est prérempli (bénéficiaire, IBAN, montant et référence).", { size: 8, width });
    flow.y = Math.min(flow.y, top - PAYMENT_QR_SIZE) - 6;
  }
  if (payment.hostedPageUrl) {
    flow.text(`${transfer ? "Ou payez en ligne" : "Payez en ligne"} sur la page sécurisée de la facture : ${payment.hostedPageUrl}`, { size: 8.5 });
  }
  flow.gap(10);
}

/** The QR code's modules as black rectangles (one per horizontal run) on a white square. */
function drawQr(page: PDFPage, payload: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(payload, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 4; // the standard's quiet zone, in modules
  const unit = size / (n + 2 * quiet);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      page.drawRectangle({
        x: x + (quiet + start) * unit,
        y: y + size - (quiet + row + 1) * unit,
        width: (col - start) * unit,
        height: unit,
        color: rgb(0, 0, 0),
      });
    }
  }
}
