import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getInvoiceDocument } from "@/lib/documents/get-document";
import { getInvoicePdf } from "@/lib/documents/render-documents";
import { resetEnvForTests } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { listInvoices } from "@/lib/hubspot/queries";
import type { Invoice } from "@/lib/model/types";
import { buildSeed } from "@/sandbox/seed";
import { startStack, type Stack } from "../hubspot/support/stack";
import { drawnText } from "./pdf-text";

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
    return { code: "resolved", message: "" };
  } catch (e) {
    return isAppError(e) ? { code: e.code, message: e.userMessage } : { code: "raw", message: String(e) };
  }
}

/** Paying an invoice, against the seeded sandbox: what each customer sees, and only their own. */
describe("invoice payment details (sandbox)", () => {
  let stack: Stack;
  const camille = "10001";
  const antoine = "10002";
  let camilleInvoices: Invoice[];
  let antoineInvoices: Invoice[];

  beforeAll(async () => {
    process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "duret-pay-"));
    resetEnvForTests();
    stack = await startStack(() => buildSeed({ now: new Date() }) /* dates relative to now, as the mapper reads "today" */);
    [camilleInvoices, antoineInvoices] = await Promise.all([listInvoices(camille), listInvoices(antoine)]);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    delete process.env.DATA_DIR;
    resetEnvForTests();
  });

  it("the seed gives HubSpot links (https, HubSpot's domain) on some open invoices and none on others", () => {
    const unpaid = [...camilleInvoices, ...antoineInvoices].filter((i) => i.status === "open" || i.status === "overdue");
    const withLink = unpaid.filter((i) => i.hostedPageUrl);
    expect(withLink.length).toBeGreaterThan(0);
    expect(unpaid.length - withLink.length).toBeGreaterThan(0);
    for (const i of withLink) {
      expect(new URL(i.hostedPageUrl!).protocol).toBe("https:");
      expect(new URL(i.hostedPageUrl!).hostname).toMatch(/\.hubspot\.com$/);
      expect(new URL(i.hostedPdfUrl!).hostname).toMatch(/\.hubspot\.com$/);
    }
  });

  it("an overdue invoice: the balance due, the demo account, the invoice number as reference, its QR code", async () => {
    const overdue = camilleInvoices.find((i) => i.status === "overdue")!;
    const doc = await getInvoiceDocument(camille, overdue.id);
    expect(doc.payment).toMatchObject({ amountDue: overdue.amountDue, reference: overdue.number, hostedPageUrl: overdue.hostedPageUrl });
    expect(doc.payment?.transfer).toMatchObject({ iban: "FR7630006000011234567890189", reference: overdue.number, amount: overdue.amountDue, demo: true });
    expect(doc.payment?.transfer?.epcPayload.split("\n")[10]).toBe(overdue.number);
    expect(doc.transferQr).toMatch(/^data:image\/svg\+xml;base64,/);
    const pdfText = (await drawnText((await getInvoicePdf(camille, overdue.id)).body as Uint8Array)).flat().join("\n");
    expect(pdfText).toContain(`Référence à indiquer : ${overdue.number}`);
  });

  it("Camille's open invoice has HubSpot's page; Antoine's partly paid overdue one has none and asks only the balance", async () => {
    const open = camilleInvoices.find((i) => i.status === "open" && i.hostedPageUrl)!;
    expect((await getInvoiceDocument(camille, open.id)).payment?.hostedPageUrl).toBe(open.hostedPageUrl);
    const partial = antoineInvoices.find((i) => i.status === "overdue" && (i.amountPaid ?? 0) > 0)!;
    const doc = await getInvoiceDocument(antoine, partial.id);
    expect(doc.payment?.hostedPageUrl).toBeNull();
    expect(doc.payment?.transfer?.amount).toBe(partial.amountDue);
    expect(partial.amountDue).toBeLessThan(partial.totals.ttc!);
  });

  it("a paid invoice: « Payée », nothing to pay", async () => {
    const paid = camilleInvoices.find((i) => i.status === "paid")!;
    const doc = await getInvoiceDocument(camille, paid.id);
    expect(doc.payment).toBeNull();
    expect(doc.transferQr).toBeNull();
  });

  it("customer B cannot read customer A's invoice payment details (page data or PDF): NOT_FOUND, nothing leaked", async () => {
    const overdue = camilleInvoices.find((i) => i.status === "overdue")!;
    for (const read of [getInvoiceDocument(antoine, overdue.id), getInvoicePdf(antoine, overdue.id)]) {
      const f = await failure(read);
      expect(f.code).toBe("NOT_FOUND");
      expect(f.message).not.toContain(overdue.number!);
      expect(f.message).not.toContain("FR76");
    }
  });
});
