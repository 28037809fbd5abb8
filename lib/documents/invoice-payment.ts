import "server-only";
import { electronicFormatIBAN, friendlyFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";
import QRCode from "qrcode";
import type { Company } from "@/lib/settings/company";
import type { Invoice } from "@/lib/model/types";

/**
 * How a customer pays an open or overdue invoice: HubSpot's own payment page when HubSpot gives one,
 * and a SEPA credit transfer to the company's account with the European Payments Council's QR code
 * (EPC069-12, "BCD"), which banking apps scan to fill the transfer in. No card data reaches the
 * portal: card payments happen on HubSpot's page.
 */

/** EPC069-12 limits. */
export const EPC = {
  maxBytes: 331,
  maxName: 70,
  maxRemittance: 140,
  minCents: 1,
  maxCents: 99_999_999_999,
  /** The QR code's error correction level the standard requires. */
  errorCorrectionLevel: "M",
} as const;

export interface EpcTransfer {
  /** Optional within the EEA with version 002. */
  bic: string | null;
  name: string;
  iban: string;
  /** Euros, e.g. 1234.5 → "EUR1234.50". */
  amount: number;
  /** Unstructured remittance information: the invoice number. */
  remittance: string;
}

/** "EUR1234.50": 2 decimals, a dot, no thousands separator, 0.01–999999999.99. */
export function epcAmount(amount: number): string {
  const cents = Math.round(amount * 100);
  if (!Number.isFinite(amount) || cents < EPC.minCents || cents > EPC.maxCents) throw new RangeError(`EPC amount out of range: ${amount}`);
  return `EUR${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/**
 * The EPC QR payload, version 002, UTF-8 (character set 1), SCT: 11 lines joined with LF, the last
 * one (the remittance) not followed by a line feed; purpose and structured reference left empty.
 * Throws on anything a bank app would reject: bad IBAN or BIC, a name or reference too long or on
 * several lines, an amount out of range, more than 331 bytes.
 */
export function epcPayload(t: EpcTransfer): string {
  const iban = electronicFormatIBAN(t.iban) ?? "";
  if (!isValidIBAN(iban)) throw new Error(`EPC payload: invalid IBAN`);
  const bic = t.bic?.replace(/\s+/g, "").toUpperCase() || "";
  if (bic && !isValidBIC(bic)) throw new Error(`EPC payload: invalid BIC ${bic}`);
  const name = oneLine(t.name);
  if (name.length === 0 || name.length > EPC.maxName) throw new Error(`EPC payload: beneficiary name must be 1–${EPC.maxName} characters`);
  const remittance = oneLine(t.remittance);
  if (remittance.length > EPC.maxRemittance) throw new Error(`EPC payload: remittance longer than ${EPC.maxRemittance} characters`);
  const payload = ["BCD", "002", "1", "SCT", bic, name, iban, epcAmount(t.amount), "", "", remittance].join("\n");
  if (Buffer.byteLength(payload, "utf8") > EPC.maxBytes) throw new Error(`EPC payload longer than ${EPC.maxBytes} bytes`);
  return payload;
}

/** Collapses whitespace (line feeds would shift every later field of the payload). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export interface SepaTransfer {
  beneficiary: string;
  /** Electronic form, to copy: "FR7630006000011234567890189". */
  iban: string;
  /** Grouped by 4, to read: "FR76 3000 6000 0112 3456 7890 189". */
  ibanDisplay: string;
  bic: string | null;
  amount: number;
  /** The invoice number, to put in the transfer's reference. */
  reference: string;
  /** What the QR code holds. */
  epcPayload: string;
  /** The sandbox's demo account (the page says so). */
  demo: boolean;
}

export interface InvoicePayment {
  amountDue: number;
  currency: string;
  reference: string;
  /** HubSpot's hosted page for the invoice (pay online), when HubSpot gives one. */
  hostedPageUrl: string | null;
  hostedPdfUrl: string | null;
  /** null: no account configured, or a currency or amount a SEPA transfer cannot carry. */
  transfer: SepaTransfer | null;
}

/**
 * What it takes to pay this invoice, or null when there is nothing to pay (paid, voided, balance 0).
 * The transfer goes to `company.bank` (console → Réglages → Entreprise), as it is when this runs;
 * no identity or no account: no transfer block. `demo`: the sandbox's example account (the page says so).
 */
export function invoicePayment(invoice: Invoice, company: Pick<Company, "bank" | "legalName"> | null, options: { demo?: boolean } = {}): InvoicePayment | null {
  if (invoice.status !== "open" && invoice.status !== "overdue") return null;
  const amountDue = invoice.amountDue ?? 0;
  if (!(amountDue > 0)) return null;
  const reference = invoice.number ?? invoice.id;
  let transfer: SepaTransfer | null = null;
  const cents = Math.round(amountDue * 100);
  const bank = company?.bank ?? null;
  if (company && bank && invoice.currency === "EUR" && cents >= EPC.minCents && cents <= EPC.maxCents) {
    const beneficiary = bank.beneficiary ?? company.legalName;
    transfer = {
      beneficiary,
      iban: bank.iban,
      ibanDisplay: friendlyFormatIBAN(bank.iban) ?? bank.iban,
      bic: bank.bic,
      amount: amountDue,
      reference,
      epcPayload: epcPayload({ bic: bank.bic, name: beneficiary, iban: bank.iban, amount: amountDue, remittance: reference }),
      demo: options.demo ?? false,
    };
  }
  return { amountDue, currency: invoice.currency, reference, hostedPageUrl: invoice.hostedPageUrl, hostedPdfUrl: invoice.hostedPdfUrl, transfer };
}

/** The EPC QR code as an SVG image (data URL, for an <img> with its text alternative). */
export async function epcQrSvgDataUrl(payload: string): Promise<string> {
  const svg = await QRCode.toString(payload, { type: "svg", errorCorrectionLevel: EPC.errorCorrectionLevel, margin: 4, color: { dark: "#000000", light: "#ffffff" } });
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}
