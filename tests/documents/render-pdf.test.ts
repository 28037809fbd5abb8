import { readFileSync } from "node:fs";
import { PDFDict, PDFDocument, PDFName, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { TEST_COMPANY as COMPANY } from "../support/company";
import { renderInvoicePdf } from "@/lib/pdf/render-invoice";
import { renderQuotePdf, renderQuotePdfWithLayout } from "@/lib/pdf/render-quote";
import { formatEuro, pdfSafe } from "@/lib/pdf/layout";
import { computeTotals, lineHtCents } from "@/lib/pdf/vat";
import { drawnText, hasBinary, pdftotextPages, renderFirstPagePng } from "./pdf-text";
import { haveQpdf, qpdfCheck } from "./pdf-tools";
import { MIXED_LINES, makeCustomer, makeInvoice, makeQuote, manyLines } from "./fixtures";

const NBSP = "\u00a0";
/** Drawn text with no-break spaces as plain spaces, for readable assertions. */
const plain = (pages: string[][]) => pages.map((p) => p.join("\n").replace(/\u00a0/g, " "));

describe("amounts and text safety", () => {
  it("formats euros fr-FR with no-break spaces and never U+202F", () => {
    expect(formatEuro(1234.5)).toBe(`1${NBSP}234,50${NBSP}€`);
    expect(formatEuro(1234567.891)).toBe(`1${NBSP}234${NBSP}567,89${NBSP}€`);
    expect(formatEuro(null)).toBe("—");
    expect(formatEuro(98765.43)).not.toMatch(/\u202f/);
  });

  it("substitutes what Helvetica cannot encode instead of throwing", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont("Helvetica");
    expect(pdfSafe("1\u202f234 € — Hélène, 2ᵉ étage, Łódź ≥ 3 Ω 漢", font)).toBe(`1${NBSP}234 € — Hélène, 2e étage, Lódz >= 3  ohms ?`);
    expect(pdfSafe("œuvre « à côté » : ça coûte 5 €", font)).toBe("œuvre « à côté » : ça coûte 5 €");
  });
});

describe("fonts", () => {
  it("embeds DejaVu Sans (regular and bold) as subsets with a ToUnicode map", async () => {
    const doc = await PDFDocument.load(await renderInvoicePdf(makeInvoice(), makeCustomer(), COMPANY));
    const fonts = doc.getPages()[0]!.node.Resources()!.lookup(PDFName.of("Font"), PDFDict);
    const names = fonts.entries().map(([, ref]) => {
      const font = doc.context.lookup(ref, PDFDict);
      expect(font.get(PDFName.of("ToUnicode"))).toBeDefined();
      return font.lookup(PDFName.of("BaseFont"), PDFName).decodeText();
    });
    // pdf-lib names each embedded font "<PostScript name>-<random number>"; every draw adds a key.
    expect([...new Set(names.map((n) => n.replace(/-\d+$/, "")))].sort()).toEqual(["DejaVuSans", "DejaVuSans-Bold"]);
  });

  it("keeps characters DejaVu has (ᵉ, Ω, ≤) and substitutes the ones it lacks", async () => {
    const { embedFonts } = await import("@/lib/pdf/layout");
    const doc = await PDFDocument.create();
    const { regular } = await embedFonts(doc);
    expect(pdfSafe("2ᵉ étage, 3 Ω ≤ 4, 漢", regular)).toBe("2ᵉ étage, 3 Ω ≤ 4, ?");
  });
});

describe("VAT per rate", () => {
  it("sums line bases per rate in cents and computes the tax once per rate", () => {
    const t = computeTotals(MIXED_LINES);
    expect(t.groups.map((g) => [g.rate, g.baseCents, g.vatCents])).toEqual([
      [20, 19205, 3841],
      [10, 127230, 12723],
      [5.5, 119000, 6545],
    ]);
    expect(t.htCents).toBe(265435);
    expect(t.ttcCents).toBe(t.htCents + t.vatCents);
    expect(t.ttcCents).toBe(288544);
  });

  it("keeps every rate's base equal to the sum of its lines on an 80-line invoice", () => {
    const lines = manyLines(80);
    const t = computeTotals(lines);
    for (const g of t.groups) {
      const sum = lines.filter((l) => l.vatRate === g.rate).reduce((s, l) => s + lineHtCents(l), 0);
      expect(g.baseCents).toBe(sum);
    }
    expect(t.groups.reduce((s, g) => s + g.baseCents, 0)).toBe(lines.reduce((s, l) => s + lineHtCents(l), 0));
  });
});

describe("renderInvoicePdf", () => {
  it("is an A4 PDF with French metadata", async () => {
    const doc = await PDFDocument.load(await renderInvoicePdf(makeInvoice(), makeCustomer(), COMPANY));
    expect(doc.getTitle()).toBe("Facture FA-2026-00317");
    expect(doc.getAuthor()).toBe(COMPANY.legalName);
    expect(doc.getSubject()).toContain("Hélène Lefèvre-Noël");
    expect(doc.getCreationDate()?.toISOString()).toBe("2026-11-18T00:00:00.000Z");
    expect((doc.catalog.get(PDFName.of("Lang")) as PDFString).decodeText()).toBe("fr-FR");
    const { width, height } = doc.getPages()[0]!.getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  });

  it("carries the mentions French law requires on an invoice", async () => {
    const [page] = plain(await drawnText(await renderInvoicePdf(makeInvoice(), makeCustomer({ kind: "business" }), COMPANY)));
    for (const mention of [
      "Duret Électricité SARL — SARL au capital de 20 000 €",
      "27 rue Paul Bert, 69003 Lyon",
      "SIRET 842 317 653 00017 — RCS Lyon 842 317 653",
      "N° TVA intracommunautaire FR54842317653",
      "Hélène Lefèvre-Noël",
      // DejaVu has the superscript "ᵉ": no substitution any more.
      "14 quai Saint-Vincent, 2ᵉ étage",
      "69001 Lyon",
      "N° de facture : FA-2026-00317",
      "Date de facture : 18/11/2026",
      "Date de la prestation : 18/11/2026",
      "Date d'échéance : 18/12/2026",
      "Remplacement du tableau électrique",
      "890,00 €",
      "5,5 %",
      "TVA 20 % sur 192,05 €",
      "38,41 €",
      "TVA 10 % sur 1 272,30 €",
      "127,23 €",
      "TVA 5,5 % sur 1 190,00 €",
      "65,45 €",
      "2 654,35 €",
      "2 885,44 €",
      "Déjà réglé",
      "500,00 €",
      "Net à payer",
      "2 385,44 €",
      "30 jours date de facture",
      "Pas d'escompte pour paiement anticipé.",
      "trois fois le taux d'intérêt légal",
      "40 €",
      "attestation du client",
      "Page 1 / 1",
    ]) {
      expect(page?.replace(/\n/g, " ")).toContain(mention);
    }
  });

  it("gives consumers the Code civil late-payment rule, without the 40 € indemnity", async () => {
    const text = plain(await drawnText(await renderInvoicePdf(makeInvoice(), makeCustomer(), COMPANY, { isConsumer: true }))).join(" ").replace(/\n/g, " ");
    expect(text).toContain("1231-6 du Code civil");
    expect(text).not.toContain("indemnité forfaitaire");
    expect(text).toContain("Pas d'escompte pour paiement anticipé.");
  });

  it("omits the reduced-rate attestation note when every line is at 20 %", async () => {
    const lines = MIXED_LINES.map((l) => ({ ...l, vatRate: 20 }));
    const text = plain(await drawnText(await renderInvoicePdf(makeInvoice({ lines }), makeCustomer(), COMPANY))).join(" ");
    expect(text).not.toContain("attestation");
  });

  it("breaks an 80-line invoice across pages, repeating the table header and numbering every page", async () => {
    const lines = manyLines(80);
    const bytes = await renderInvoicePdf(makeInvoice({ lines, amountDue: null, amountPaid: 0 }), makeCustomer(), COMPANY);
    const doc = await PDFDocument.load(bytes);
    const n = doc.getPageCount();
    expect(n).toBeGreaterThanOrEqual(3);
    const pages = plain(await drawnText(bytes));
    pages.forEach((p, i) => {
      expect(p).toContain(`Page ${i + 1} / ${n}`);
      expect(p).toContain("FACTURE N° FA-2026-00317");
    });
    // The header row opens the table on every page that carries lines.
    const withLines = pages.filter((p) => /Point lumineux|circuit spécialisé/.test(p));
    expect(withLines.length).toBeGreaterThanOrEqual(3);
    for (const p of withLines) expect(p).toContain("Désignation\nQté\nP.U. HT\nTVA\nTotal HT");
    // Every line is there exactly once, in order.
    const all = pages.join("\n");
    for (let i = 1; i <= 80; i++) expect(all).toMatch(new RegExp(`n° ${i} (—|pour)`));
    // Totals per rate equal the lines' sums, as printed.
    const t = computeTotals(lines);
    for (const g of t.groups) {
      const label = `TVA ${String(g.rate).replace(".", ",")} % sur ${formatEuro(g.baseCents / 100).replace(/\u00a0/g, " ")}`;
      expect(all).toContain(label);
      expect(all).toContain(formatEuro(g.vatCents / 100).replace(/\u00a0/g, " "));
    }
    expect(all).toContain(`Net à payer\n${formatEuro(t.ttcCents / 100).replace(/\u00a0/g, " ")}`);
  });
});

describe("renderQuotePdf", () => {
  it("has the quote's facts, totals per rate, payment terms and the signature area", async () => {
    const bytes = await renderQuotePdf(makeQuote(), makeCustomer(), COMPANY);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe("Devis DE-2026-00142");
    const text = plain(await drawnText(bytes)).join("\n").replace(/\n/g, " ");
    for (const mention of [
      "N° de devis : DE-2026-00142",
      "Date du devis : 24/11/2026",
      "Valable jusqu'au : 24/12/2026",
      "Mise aux normes de l'installation électrique",
      "TVA 10 % sur 1 272,30 €",
      "Total TTC 2 885,44 €",
      "Conditions de paiement",
      "Bon pour accord",
      "Devis n° DE-2026-00142 accepté.",
      "Signature :",
      `SIRET ${COMPANY.siret}`,
    ]) {
      expect(text).toContain(mention);
    }
  });

  it("shows the 14-day withdrawal information to consumers only", async () => {
    const consumer = plain(await drawnText(await renderQuotePdf(makeQuote({ isConsumer: true }), makeCustomer(), COMPANY))).join(" ");
    const business = plain(await drawnText(await renderQuotePdf(makeQuote({ isConsumer: false }), makeCustomer(), COMPANY))).join(" ");
    expect(consumer).toContain("Droit de rétractation (14 jours)");
    expect(consumer.replace(/\n/g, " ")).toContain("quatorze jours");
    expect(business).not.toContain("rétractation");
    expect(business).toContain("Bon pour accord");
  });

  it("renders a quote whose lines are not loaded from Sage's totals", async () => {
    const text = plain(await drawnText(await renderQuotePdf(makeQuote({ lines: [], totals: { ht: 1000, tva: 100, ttc: 1100 } }), makeCustomer(), COMPANY))).join("\n");
    expect(text).toContain("Total TTC\n1 100,00 €");
    expect(text).toContain("détail des lignes n'est pas disponible");
  });
});

// A real PDF reader's view; skipped where Poppler is not installed, except in CI, which installs
// poppler-utils and sets REQUIRE_POPPLER=1 so a missing reader fails instead of passing silently.
if (process.env.REQUIRE_POPPLER === "1" && !hasBinary("pdftotext")) throw new Error("REQUIRE_POPPLER=1 but pdftotext is missing");
describe.skipIf(!hasBinary("pdftotext"))("with poppler (pdftotext, pdftoppm)", () => {
  it("pdftotext reads accents, € and page numbers from the long invoice", async () => {
    const bytes = await renderInvoicePdf(makeInvoice({ lines: manyLines(80) }), makeCustomer(), COMPANY);
    const pages = pdftotextPages(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} / ${pages.length}`));
    const all = pages.join("\n").replace(/\u00a0/g, " ");
    for (const s of ["Duret Électricité", "Désignation", "pièce à vivre", "Pas d'escompte pour paiement anticipé", "Date d'échéance", "Net à payer"]) {
      expect(all).toContain(s);
    }
    expect(all).toMatch(/\d,\d\d €/);
  });

  it("pdftotext reads the consumer quote's withdrawal notice", async () => {
    const all = pdftotextPages(await renderQuotePdf(makeQuote(), makeCustomer(), COMPANY)).join("\n");
    expect(all).toContain("Droit de rétractation");
    expect(all).toContain("Bon pour accord");
  });

  it.skipIf(!hasBinary("pdftoppm"))("pdftoppm renders page 1 of each document", async () => {
    for (const [name, bytes] of [
      ["facture", await renderInvoicePdf(makeInvoice(), makeCustomer(), COMPANY)],
      ["devis", await renderQuotePdf(makeQuote(), makeCustomer(), COMPANY)],
    ] as const) {
      const png = readFileSync(renderFirstPagePng(bytes, name));
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(png.length).toBeGreaterThan(10_000);
    }
  });
});

describe.skipIf(!haveQpdf)("with qpdf", () => {
  it("qpdf --check finds no syntax or stream error in an 80-line invoice and a quote", async () => {
    for (const bytes of [await renderInvoicePdf(makeInvoice({ lines: manyLines(80) }), makeCustomer(), COMPANY), await renderQuotePdf(makeQuote(), makeCustomer(), COMPANY)]) {
      expect(qpdfCheck(bytes)).toContain("No syntax or stream encoding errors found");
    }
  });
});

describe("dates and the signature box", () => {
  it("reads an instant as its day in Paris (a quote created at 23:30 UTC on 30 Nov is dated 1 Dec)", async () => {
    const text = plain(await drawnText(await renderQuotePdf(makeQuote({ createdAt: "2026-11-30T23:30:00.000Z" }), makeCustomer(), COMPANY))).join("\n");
    expect(text).toContain("Date du devis : 01/12/2026");
  });

  it("reports where the customer's signature box is, on the last page (no withdrawal form for a business), inside the page", async () => {
    const { bytes, signatureBox } = await renderQuotePdfWithLayout(makeQuote({ lines: manyLines(30), isConsumer: false }), makeCustomer(), COMPANY);
    const doc = await PDFDocument.load(bytes);
    expect(signatureBox.pageIndex).toBe(doc.getPageCount() - 1);
    const { width, height } = doc.getPages()[signatureBox.pageIndex]!.getSize();
    expect(signatureBox.x + signatureBox.width).toBeLessThanOrEqual(width);
    expect(signatureBox.y).toBeGreaterThan(40);
    expect(signatureBox.y + signatureBox.height).toBeLessThan(height - 100);
    const last = plain(await drawnText(bytes)).at(-1);
    expect(last).toContain("Le client — « Bon pour accord »");
  });
});
