import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import QRCode from "qrcode";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { TEST_COMPANY as COMPANY } from "../support/company";
import { EPC, epcAmount, epcPayload, epcQrSvgDataUrl, invoicePayment } from "@/lib/documents/invoice-payment";
import type { BankAccount, Company } from "@/lib/settings";
import { renderInvoicePdf } from "@/lib/pdf/render-invoice";
import { makeCustomer, makeInvoice } from "./fixtures";
import { hasBinary } from "./pdf-text";

const BANK: BankAccount = { iban: "FR7630006000011234567890189", bic: "AGRIFRPP", beneficiary: null };
/** The company with this account (the console's bank details), or none. */
const withBank = (bank: BankAccount | null): Company => ({ ...COMPANY, bank });
const transfer = { bic: "AGRIFRPP", name: "Duret Électricité SARL", iban: "FR7630006000011234567890189", amount: 1234.5, remittance: "FA-2026-00317" };

/** Decodes the QR code in an RGBA image; its bytes read as UTF-8 (EPC character set 1). */
function decodeQr(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  const code = jsQR(rgba, width, height);
  return code ? Buffer.from(code.binaryData).toString("utf8") : null;
}
function decodePng(png: Buffer): string | null {
  const img = PNG.sync.read(png);
  return decodeQr(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height);
}

describe("EPC069-12 payload (SEPA credit transfer QR code)", () => {
  it("writes the exact bytes for a known invoice: 11 LF-separated fields, none after the reference", () => {
    const payload = epcPayload(transfer);
    expect(payload).toBe("BCD\n002\n1\nSCT\nAGRIFRPP\nDuret Électricité SARL\nFR7630006000011234567890189\nEUR1234.50\n\n\nFA-2026-00317");
    // Character set 1: the beneficiary's accents as UTF-8 bytes (É = c3 89, é = c3 a9).
    const bytes = Buffer.from(payload, "utf8");
    expect(bytes.subarray(23, 47).toString("hex")).toBe("447572657420c3896c6563747269636974c3a9205341524c");
    expect(bytes.byteLength).toBe(102);
    expect(bytes.at(-1)).toBe("7".charCodeAt(0));
  });

  it("formats the amount with a dot and 2 decimals, within 0.01–999999999.99", () => {
    expect(epcAmount(0.01)).toBe("EUR0.01");
    expect(epcAmount(12)).toBe("EUR12.00");
    expect(epcAmount(1234.5)).toBe("EUR1234.50");
    expect(epcAmount(0.1 + 0.2)).toBe("EUR0.30");
    expect(epcAmount(999_999_999.99)).toBe("EUR999999999.99");
    for (const bad of [0, -5, 0.004, 1_000_000_000, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => epcAmount(bad), String(bad)).toThrow(RangeError);
  });

  it("accepts an IBAN typed with spaces and no BIC (version 002), refuses a bad IBAN or BIC", () => {
    expect(epcPayload({ ...transfer, iban: "fr76 3000 6000 0112 3456 7890 189", bic: null }).split("\n").slice(4, 7)).toEqual(["", "Duret Électricité SARL", "FR7630006000011234567890189"]);
    expect(() => epcPayload({ ...transfer, iban: "FR7630006000011234567890188" })).toThrow(/invalid IBAN/);
    expect(() => epcPayload({ ...transfer, iban: "" })).toThrow(/invalid IBAN/);
    expect(() => epcPayload({ ...transfer, bic: "AGRI-FR" })).toThrow(/invalid BIC/);
  });

  it("keeps the name ≤ 70 and the reference ≤ 140 characters, one line each, and the whole ≤ 331 bytes", () => {
    expect(epcPayload({ ...transfer, name: "N".repeat(70) })).toContain(`\n${"N".repeat(70)}\n`);
    expect(() => epcPayload({ ...transfer, name: "N".repeat(71) })).toThrow(/1–70/);
    expect(() => epcPayload({ ...transfer, name: " " })).toThrow(/1–70/);
    expect(epcPayload({ ...transfer, remittance: "R".repeat(140) }).endsWith(`\n${"R".repeat(140)}`)).toBe(true);
    expect(() => epcPayload({ ...transfer, remittance: "R".repeat(141) })).toThrow(/140/);
    // A line feed in a field would shift every later field: collapsed to a space.
    expect(epcPayload({ ...transfer, remittance: "FA-1\nEUR9.99" }).split("\n")).toHaveLength(11);
    // 70 two-byte letters and 140 three-byte ones fit the character limits but not 331 bytes.
    expect(() => epcPayload({ ...transfer, name: "É".repeat(70), remittance: "€".repeat(140) })).toThrow(/331 bytes/);
    const longest = epcPayload({ ...transfer, bic: "AGRIFRPPXXX", name: "N".repeat(70), amount: 999_999_999.99, remittance: "R".repeat(140) });
    expect(Buffer.byteLength(longest)).toBeLessThanOrEqual(EPC.maxBytes);
  });
});

describe("invoicePayment: what an invoice offers", () => {
  it("an overdue invoice: transfer of the balance due, the invoice number as reference, the company's legal name by default", () => {
    const p = invoicePayment(makeInvoice({ status: "overdue", amountDue: 1234.5 }), withBank(BANK));
    expect(p).toMatchObject({ amountDue: 1234.5, reference: "FA-2026-00317", hostedPageUrl: null });
    expect(p?.transfer).toMatchObject({ beneficiary: COMPANY.legalName, iban: BANK.iban, ibanDisplay: "FR76 3000 6000 0112 3456 7890 189", bic: "AGRIFRPP", amount: 1234.5 });
    expect(p?.transfer?.epcPayload).toBe(epcPayload(transfer));
    expect(invoicePayment(makeInvoice({ amountDue: 10 }), withBank({ ...BANK, beneficiary: "Duret Élec" }))?.transfer?.beneficiary).toBe("Duret Élec");
  });

  it("nothing to pay once HubSpot marks it paid or voided, or when nothing is due", () => {
    expect(invoicePayment(makeInvoice({ status: "paid", amountDue: 0, hostedPageUrl: "https://app-eu1.hubspot.com/payments/x" }), withBank(BANK))).toBeNull();
    expect(invoicePayment(makeInvoice({ status: "voided", amountDue: 0 }), withBank(BANK))).toBeNull();
    expect(invoicePayment(makeInvoice({ status: "open", amountDue: 0 }), withBank(BANK))).toBeNull();
    expect(invoicePayment(makeInvoice({ status: "open", amountDue: null }), withBank(BANK))).toBeNull();
  });

  it("HubSpot's page only when HubSpot gives one; no transfer block without an account or outside EUR", () => {
    const page = "https://app-eu1.hubspot.com/payments/7Hq2xKp9TzWm";
    const noBank = invoicePayment(makeInvoice({ amountDue: 99, hostedPageUrl: page }), withBank(null));
    expect(noBank).toMatchObject({ hostedPageUrl: page, transfer: null });
    expect(invoicePayment(makeInvoice({ amountDue: 99, currency: "CHF" }), withBank(BANK))?.transfer).toBeNull();
    expect(invoicePayment(makeInvoice({ amountDue: 99 }), withBank(BANK))?.hostedPageUrl).toBeNull();
  });
});

describe("the QR code a banking app scans", () => {
  const invoice = makeInvoice({ status: "overdue", amountDue: 1234.5 });
  const payment = invoicePayment(invoice, COMPANY, { demo: true })!;
  const fields = (decoded: string | null) => {
    const f = (decoded ?? "").split("\n");
    return { iban: f[6], amount: f[7], reference: f[10] };
  };
  const expected = { iban: "FR7630006000011234567890189", amount: "EUR1234.50", reference: invoice.number };

  it("qrcode's PNG decodes (jsQR) to the payload: IBAN, amount and reference of the invoice", async () => {
    const png = await QRCode.toBuffer(payment.transfer!.epcPayload, { errorCorrectionLevel: EPC.errorCorrectionLevel, type: "png", scale: 4 });
    const decoded = decodePng(png);
    expect(decoded).toBe(payment.transfer!.epcPayload);
    expect(fields(decoded)).toEqual(expected);
  });

  it("the page's SVG, rasterised, decodes to the same payload", async () => {
    const dataUrl = await epcQrSvgDataUrl(payment.transfer!.epcPayload);
    const svg = Buffer.from(dataUrl.replace(/^data:image\/svg\+xml;base64,/, ""), "base64");
    const { data, info } = await sharp(svg, { density: 300 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const decoded = decodeQr(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
    expect(fields(decoded)).toEqual(expected);
  });

  if (process.env.REQUIRE_POPPLER === "1" && !hasBinary("pdftoppm")) throw new Error("REQUIRE_POPPLER=1 but pdftoppm is missing");
  it.skipIf(!hasBinary("pdftoppm"))("the invoice PDF's QR code (pdftoppm page 1) decodes to the same payload, and the text says it too", async () => {
    const bytes = await renderInvoicePdf(invoice, makeCustomer(), COMPANY, { payment: { hostedPageUrl: null, transfer: payment.transfer } });
    const dir = mkdtempSync(path.join(tmpdir(), "duret-pay-"));
    writeFileSync(path.join(dir, "f.pdf"), bytes);
    execFileSync("pdftoppm", ["-png", "-r", "150", "-singlefile", path.join(dir, "f.pdf"), path.join(dir, "p")]);
    const pages = execFileSync("pdfinfo", [path.join(dir, "f.pdf")], { encoding: "utf8" }).match(/Pages:\s+(\d+)/)?.[1];
    let decoded = decodePng(readFileSync(path.join(dir, "p.png")));
    if (decoded === null && pages !== "1") {
      // The block moved to the last page with the long fixture's lines.
      execFileSync("pdftoppm", ["-png", "-r", "150", "-f", pages!, "-l", pages!, "-singlefile", path.join(dir, "f.pdf"), path.join(dir, "last")]);
      decoded = decodePng(readFileSync(path.join(dir, "last.png")));
    }
    expect(fields(decoded)).toEqual(expected);
    const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", path.join(dir, "f.pdf"), "-"], { encoding: "utf8" });
    expect(text).toContain("FR76 3000 6000 0112 3456 7890 189");
    expect(text).toContain("Référence à indiquer : FA-2026-00317");
    expect(text).toMatch(/Montant : 1\s234,50\s€/);
  });

  it("no payment block on a paid invoice's PDF", async () => {
    const bytes = await renderInvoicePdf(makeInvoice({ status: "paid", amountDue: 0 }), makeCustomer(), COMPANY, { payment: { hostedPageUrl: null, transfer: payment.transfer } });
    const { drawnText } = await import("./pdf-text");
    expect((await drawnText(bytes)).join("\n")).not.toContain("Règlement");
  });
});
