import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { TEST_COMPANY as COMPANY } from "../support/company";
import { describeP12, generatedP12, type CompanyP12 } from "@/lib/documents/signature/certificate";
import { buildSignedQuotePdf } from "@/lib/documents/signature/signed-quote";
import type { Customer } from "@/lib/model/types";
import { renderInvoicePdf } from "@/lib/pdf/render-invoice";
import { renderQuotePdf, renderQuotePdfWithLayout } from "@/lib/pdf/render-quote";
import { makeCustomer, makeInvoice, makeQuote } from "./fixtures";
import { hasBinary, pdftotextPages } from "./pdf-text";

/**
 * Issue 16, point 7: the legal mentions as a PDF reader (Poppler's pdftotext) reads them. The 40 €
 * recovery indemnity is B2B only; insurance and mediator are on every quote and invoice; a
 * consumer's quote annexes the model withdrawal form, in the original and in the sealed signed PDF.
 */

if (process.env.REQUIRE_POPPLER === "1" && !hasBinary("pdftotext")) throw new Error("REQUIRE_POPPLER=1 but pdftotext is missing");

/** pdftotext -layout pages with runs of spaces, line breaks and no-break spaces as one space. */
const pagesOf = (bytes: Uint8Array) => pdftotextPages(bytes).map((p) => p.replace(/[\s\u00a0\u202f]+/g, " "));
const textOf = (bytes: Uint8Array) => pagesOf(bytes).join(" ");

const consumer = () => makeCustomer({ kind: "consumer" });
const business = () => makeCustomer({ kind: "business", firstName: null, lastName: "Boulangerie des Pentes" });
/** A customer read before the property existed (e.g. an old cache entry): no kind at all. */
const unknownKind = () => {
  const customer: Partial<Customer> = makeCustomer();
  delete customer.kind;
  return customer as Customer;
};

const FORM_TITLE = "FORMULAIRE DE RÉTRACTATION";

describe.skipIf(!hasBinary("pdftotext"))("legal mentions on quotes and invoices (pdftotext)", () => {
  let certificate: CompanyP12;
  beforeAll(async () => {
    certificate = await generatedP12(mkdtempSync(path.join(tmpdir(), "duret-cert-")), COMPANY);
  });

  it("prints the 40 € recovery indemnity and the late-payment penalties for a business customer only", async () => {
    const b2b = textOf(await renderInvoicePdf(makeInvoice(), business(), COMPANY));
    expect(b2b).toContain("indemnité forfaitaire pour frais de recouvrement de 40 €");
    expect(b2b).toMatch(/(^|[^\d,])40 €/);
    expect(b2b).toContain("pénalités de retard au taux de trois fois le taux d'intérêt légal");

    for (const customer of [consumer(), unknownKind()]) {
      const b2c = textOf(await renderInvoicePdf(makeInvoice(), customer, COMPANY));
      // "40 €" as an amount of its own (not the tail of "68,40 €").
      expect(b2c).not.toMatch(/(^|[^\d,])40 €/);
      expect(b2c).not.toContain("indemnité forfaitaire");
      expect(b2c).not.toContain("pénalités de retard");
      expect(b2c).toContain("intérêts au taux d'intérêt légal pourront être appliqués après mise en demeure (art. 1231-6 du Code civil)");
    }
  });

  it("prints the professional insurance and the consumer mediator on invoices and quotes, for both kinds of customers", async () => {
    const { insurance, mediator } = COMPANY;
    const documents = [
      await renderInvoicePdf(makeInvoice(), consumer(), COMPANY),
      await renderInvoicePdf(makeInvoice(), business(), COMPANY),
      await renderQuotePdf(makeQuote({ isConsumer: null }), consumer(), COMPANY),
      await renderQuotePdf(makeQuote({ isConsumer: null }), business(), COMPANY),
    ];
    for (const bytes of documents) {
      const text = textOf(bytes);
      expect(text).toContain(`Assurance responsabilité civile décennale : ${insurance.insurer}, contrat n° ${insurance.policyNumber}, couverture géographique : ${insurance.area}.`);
      expect(text).toContain(`Médiateur de la consommation`);
      expect(text).toContain(`${mediator.name} — ${mediator.website}`);
    }
  });

  it("annexes the model withdrawal form as the last page of a consumer's quote, not of a business customer's", async () => {
    // The customer's kind decides when the quote carries no flag; unknown is a consumer.
    for (const [quote, customer] of [
      [makeQuote({ isConsumer: null }), consumer()],
      [makeQuote({ isConsumer: null }), unknownKind()],
      [makeQuote({ isConsumer: true }), business()],
    ] as const) {
      const { bytes, signatureBox } = await renderQuotePdfWithLayout(quote, customer, COMPANY);
      const pages = pagesOf(bytes);
      const last = pages.at(-1)!;
      expect(last).toContain(FORM_TITLE);
      expect(last).toContain("À l'attention de Duret Électricité SARL, 27 rue Paul Bert, 69003 Lyon — courriel : contact@duret-electricite.fr");
      expect(last).toContain("Je/nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du contrat");
      for (const field of ["Commandé le (*)/reçu le (*) :", "Nom du (des) consommateur(s) :", "Adresse du (des) consommateur(s) :", "Signature du (des) consommateur(s)", "Date :"]) {
        expect(last).toContain(field);
      }
      expect(last).toContain("Devis n° DE-2026-00142");
      // The form is only on its own page; the signature box stays on the page before it.
      expect(pages.slice(0, -1).join(" ")).not.toContain(FORM_TITLE);
      expect(signatureBox.pageIndex).toBe(pages.length - 2);
      expect(pages[signatureBox.pageIndex]).toContain("Bon pour accord");
      expect(pages.join(" ")).toContain("formulaire de rétractation joint en annexe de ce devis");
    }

    for (const [quote, customer] of [
      [makeQuote({ isConsumer: null }), business()],
      [makeQuote({ isConsumer: false }), consumer()],
    ] as const) {
      const { bytes, signatureBox } = await renderQuotePdfWithLayout(quote, customer, COMPANY);
      const pages = pagesOf(bytes);
      expect(pages.join(" ")).not.toContain(FORM_TITLE);
      expect(pages.join(" ")).not.toContain("rétractation");
      expect(signatureBox.pageIndex).toBe(pages.length - 1);
    }
  });

  it("keeps the withdrawal form in the sealed signed PDF of a consumer's quote, before the evidence pages", async () => {
    const { bytes, signatureBox } = await renderQuotePdfWithLayout(makeQuote({ isConsumer: null }), consumer(), COMPANY);
    const originalPages = pagesOf(bytes).length;
    const sha = createHash("sha256").update(bytes).digest("hex");
    const info = describeP12(certificate.p12, certificate.passphrase);
    const signed = await buildSignedQuotePdf({
      original: bytes,
      signatureBox,
      mark: { kind: "typed", typedName: "Hélène Lefèvre-Noël" },
      evidence: {
        evidenceId: randomUUID(),
        quote: { id: "77002", number: "DE-2026-00142", title: "Mise aux normes", totalTtc: "2 885,44 €" },
        signer: { name: "Hélène Lefèvre-Noël", contactId: "51234" },
        identity: {
          session: { channel: "email", identity: "helene.lefevre@example.fr", signedInAt: "2026-11-24T08:00:00.000Z", sessionId: "s".repeat(20) },
          code: { channel: "sms", destination: "+33612345678", sentAt: "2026-11-24T08:14:02.000Z", verifiedAt: "2026-11-24T08:15:30.000Z" },
        },
        consentText: "Bon pour accord : j'accepte le devis n° DE-2026-00142.",
        signature: { kind: "typed", typedName: "Hélène Lefèvre-Noël" },
        openedAt: "2026-11-24T08:10:00.000Z",
        consentedAt: "2026-11-24T08:14:00.000Z",
        signedAt: "2026-11-24T08:15:31.000Z",
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0",
        originalSha256: sha,
        certificate: { subject: info.subject, fingerprintSha256: info.fingerprintSha256 },
      },
      certificate,
      company: COMPANY,
    });
    const pages = pagesOf(new Uint8Array(signed));
    expect(pages.length).toBeGreaterThan(originalPages);
    expect(pages[originalPages - 1]).toContain(FORM_TITLE);
    expect(pages[signatureBox.pageIndex]).toContain("(signé électroniquement)");
    expect(pages[originalPages]).toContain("Dossier de preuve");
    expect(pages.join(" ")).toContain(`Pages du devis original ${originalPages} (suivies de ce dossier de preuve)`);
  });
});
