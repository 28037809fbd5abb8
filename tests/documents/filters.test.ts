import { describe, expect, it } from "vitest";
import { contentDisposition, invoiceFileName, quoteFileName, safeFilePart } from "@/lib/documents/file-names";
import { documentFiltersSchema, filterDocuments, reportsOf, type DocumentLists } from "@/lib/documents/list-documents";
import { maskDestination } from "@/lib/documents/get-document";
import { withDecision } from "@/lib/documents/quote-state";
import { canonicalJson, quoteDataHash } from "@/lib/documents/quote-original";
import { quoteSignedEmail, quoteSignCodeSms } from "@/lib/notifications/templates/quote-signature";
import type { Intervention } from "@/lib/model/types";
import { makeCustomer, makeInvoice, makeQuote } from "./fixtures";
import { TEST_COMPANY as COMPANY } from "../support/company";

function lists(): DocumentLists {
  return {
    quotes: [
      withDecision(makeQuote({ id: "1", number: "DE-2026-00001", status: "to_sign", createdAt: "2026-10-02T09:00:00Z" }), undefined),
      withDecision(makeQuote({ id: "2", number: "DE-2026-00002", status: "expired", createdAt: "2026-06-15T09:00:00Z" }), undefined),
      withDecision(makeQuote({ id: "3", number: "DE-2026-00003", status: "to_sign", createdAt: "2026-11-20T09:00:00Z" }), {
        decision: "signed",
        decidedAt: "2026-11-21T10:00:00.000Z",
        contactId: "10001",
        reason: null,
        signatureId: "s",
        signerName: "Camille Martin",
      }),
    ],
    invoices: [
      makeInvoice({ id: "10", number: "FA-2026-00010", status: "paid", issuedAt: "2026-03-01" }),
      makeInvoice({ id: "11", number: "FA-2026-00011", status: "overdue", issuedAt: "2026-09-01" }),
      makeInvoice({ id: "12", number: "FA-2026-00012", status: "open", issuedAt: "2026-11-01" }),
    ],
    reports: [],
  };
}

describe("document filters", () => {
  it("puts the portal's decision on top of HubSpot's status, marked as not yet transmitted", () => {
    const signed = lists().quotes[2]!;
    expect(signed.status).toBe("signed");
    expect(signed.syncPending).toBe(true);
    expect(signed.signedAt).toBe("2026-11-21T10:00:00.000Z");
  });

  it("filters quotes by status, number and date", () => {
    const f = (raw: Record<string, string>) => filterDocuments(lists(), documentFiltersSchema.parse(raw)).quotes.map((q) => q.id);
    expect(f({ statut: "a_signer" })).toEqual(["1"]);
    expect(f({ statut: "signes" })).toEqual(["3"]);
    expect(f({ statut: "expires" })).toEqual(["2"]);
    expect(f({ q: "00002" })).toEqual(["2"]);
    expect(f({ q: "de 2026/00003" })).toEqual(["3"]);
    expect(f({ q: "DE202600003" })).toEqual(["3"]);
    expect(f({ du: "2026-10-01", au: "2026-10-31" })).toEqual(["1"]);
  });

  it("filters invoices: to pay includes overdue; by issue date", () => {
    const f = (raw: Record<string, string>) => filterDocuments(lists(), documentFiltersSchema.parse(raw)).invoices.map((i) => i.id);
    expect(f({ onglet: "factures", statut: "a_payer" })).toEqual(["11", "12"]);
    expect(f({ onglet: "factures", statut: "en_retard" })).toEqual(["11"]);
    expect(f({ onglet: "factures", statut: "payees" })).toEqual(["10"]);
    expect(f({ onglet: "factures", du: "2026-08-01" })).toEqual(["11", "12"]);
  });

  it("ignores malformed filters instead of failing", () => {
    expect(documentFiltersSchema.parse({ onglet: "<script>", du: "hier", au: "2026-13-45x", q: "x".repeat(100) })).toEqual({ onglet: "tous" });
  });

  it("lists reports of interventions that have a report or photos, newest first", () => {
    const base = { description: null, type: null, stage: null, technician: null, address: null, eta: null, satisfaction: null, bookingId: null, updatedAt: null } as const;
    const interventions: Intervention[] = [
      { ...base, id: "t1", subject: "Dépannage", start: "2026-05-01T08:00:00Z", end: "2026-05-01T10:00:00Z", photosBeforeFileIds: [], photosAfterFileIds: [], reportFileId: "f1", createdAt: null },
      { ...base, id: "t2", subject: "Devis", start: null, end: null, photosBeforeFileIds: [], photosAfterFileIds: [], reportFileId: null, createdAt: "2026-06-01T08:00:00Z" },
      { ...base, id: "t3", subject: "Borne", start: "2026-09-01T08:00:00Z", end: null, photosBeforeFileIds: ["p1"], photosAfterFileIds: ["p2"], reportFileId: null, createdAt: null },
    ];
    expect(reportsOf(interventions).map((r) => [r.interventionId, r.date, r.photoFileIds.length])).toEqual([
      ["t3", "2026-09-01", 2],
      ["t1", "2026-05-01", 0],
    ]);
  });
});

describe("file names and headers", () => {
  it("names downloads after the document, ASCII-safe, with the UTF-8 name alongside", () => {
    expect(quoteFileName("DE-2026-00142", true)).toBe("Devis-DE-2026-00142-signe.pdf");
    expect(invoiceFileName("FA/2026 n°17")).toBe("Facture-FA-2026-n-17.pdf");
    expect(safeFilePart('../../etc/"passwd"')).toBe("etc-passwd");
    expect(contentDisposition("attachment", "Devis-DE-1-signé.pdf")).toBe(`attachment; filename="Devis-DE-1-signe.pdf"; filename*=UTF-8''Devis-DE-1-sign%C3%A9.pdf`);
  });

  it("masks where the code was sent", () => {
    expect(maskDestination("sms", "+33612345678")).toBe("+33 6 •• •• 56 78");
    expect(maskDestination("email", "camille.martin@example.fr")).toBe("c•••@example.fr");
  });
});

describe("where the signing code goes", () => {
  it("by SMS to a valid phone, else by email, else a clear refusal", async () => {
    const { codeDestination } = await import("@/lib/documents/request-signing-code");
    expect(codeDestination(makeCustomer({ phone: "06 12 34 56 78" }))).toEqual({ channel: "sms", to: "+33612345678" });
    expect(codeDestination(makeCustomer({ phone: null, email: " Helene@Example.fr " }))).toEqual({ channel: "email", to: "helene@example.fr" });
    expect(codeDestination(makeCustomer({ phone: "12", email: "h@example.fr" }))).toEqual({ channel: "email", to: "h@example.fr" });
    // A landline cannot receive the code by SMS.
    expect(codeDestination(makeCustomer({ phone: "04 78 62 45 18", email: "h@example.fr" }))).toEqual({ channel: "email", to: "h@example.fr" });
    expect(() => codeDestination(makeCustomer({ phone: null, email: null }))).toThrow(/neither phone nor email/);
  });
});

describe("consent text", () => {
  it("names the quote's number, subject and total once", async () => {
    const { consentTextFor } = await import("@/lib/documents/request-signing-code");
    const totals = { ht: 812, tva: 81.2, ttc: 893.2 };
    expect(consentTextFor({ id: "1", number: "DEV-2026-0147", title: "Devis DEV-2026-0147 — Rénovation électrique", totals })).toBe(
      "Bon pour accord : j'accepte le devis n° DEV-2026-0147 (Rénovation électrique) d'un montant de 893,20 € TTC, et je le signe électroniquement.",
    );
    expect(consentTextFor({ id: "1", number: "A.1", title: "Borne", totals })).toContain("devis n° A.1 (Borne) d'un montant de 893,20 € TTC");
  });
});

describe("quote data hash", () => {
  it("does not depend on key order (the shared cache is jsonb) but changes with the content", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    const q = makeQuote();
    const reordered = JSON.parse(JSON.stringify({ ...q, totals: { ttc: q.totals.ttc, tva: q.totals.tva, ht: q.totals.ht } }));
    expect(quoteDataHash(reordered, makeCustomer())).toBe(quoteDataHash(q, makeCustomer()));
    expect(quoteDataHash({ ...q, totals: { ...q.totals, ttc: 1 } }, makeCustomer())).not.toBe(quoteDataHash(q, makeCustomer()));
  });

  it("changes with the customer's kind, which decides the annexed withdrawal form", () => {
    const q = makeQuote({ isConsumer: null });
    expect(quoteDataHash(q, makeCustomer({ kind: "business" }))).not.toBe(quoteDataHash(q, makeCustomer({ kind: "consumer" })));
  });
});

describe("signature notifications", () => {
  it("the code SMS fits one GSM-7 segment and names the quote", () => {
    const sms = quoteSignCodeSms("fr", { code: "123456", quoteNumber: "DE-2026-00142", expiresInMinutes: 10 }, COMPANY);
    expect(sms.body).toContain("code 123456 pour signer le devis DE-2026-00142");
    expect(sms.body.length).toBeLessThanOrEqual(160);
  });

  it("the signed-quote email attaches the PDF as base64", () => {
    const mail = quoteSignedEmail("fr", { quoteNumber: "DE-1", signedAt: "2026-11-24T08:15:00Z", url: "https://x.fr/documents/devis/1", fileName: "Devis-DE-1-signe.pdf", pdfBase64: "JVBERi0=" }, COMPANY);
    expect(mail.subject).toBe("Votre devis DE-1 signé");
    expect(mail.attachments).toEqual([{ filename: "Devis-DE-1-signe.pdf", content: "JVBERi0=", contentType: "application/pdf", encoding: "base64" }]);
    expect(mail.text).toContain("24 novembre 2026");
  });
});
