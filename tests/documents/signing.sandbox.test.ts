import { createHash } from "node:crypto";
import { recordedId } from "@/lib/hubspot/create-once";
import { and, eq, like } from "drizzle-orm";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { outbox, quoteDecisions, quoteOriginals, quoteSignatures, quoteSigningSessions } from "@/lib/db/schema";
import { getQuoteDocument } from "@/lib/documents/get-document";
import { listDocuments, documentFiltersSchema } from "@/lib/documents/list-documents";
import { recordQuoteOpened } from "@/lib/documents/open-quote";
import { refuseQuote } from "@/lib/documents/refuse-quote";
import { getInvoicePdf, getQuotePdf } from "@/lib/documents/render-documents";
import { requestSigningCode } from "@/lib/documents/request-signing-code";
import { signQuote, type SignContext } from "@/lib/documents/sign-quote";
import { registerDocumentHandlers } from "@/lib/documents/sync-quote-decisions";
import { resetEnvForTests } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { batchReadObjects, listAssociatedIds, readObject, updateObject } from "@/lib/hubspot/api";
import { clearHubSpotCache } from "@/lib/hubspot/cache";
import { downloadFile } from "@/lib/hubspot/files";
import { listQuotes } from "@/lib/hubspot/queries";
import { openPayload } from "@/lib/outbox/seal";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { resetCompanyP12ForTests } from "@/lib/documents/signature/certificate";
import { buildSeed } from "@/sandbox/seed";
import { startStack, type Stack } from "../hubspot/support/stack";
import { FakeTransports } from "../outbox/support";
import { drawnText, hasBinary, pdftotextPages } from "./pdf-text";
import { haveQpdf, havePdfsig, pdfsig, qpdfCheck } from "./pdf-tools";

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
    return { code: "resolved", message: "" };
  } catch (e) {
    return isAppError(e) ? { code: e.code, message: e.userMessage } : { code: "raw", message: String(e) };
  }
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("quote e-signature (sandbox + database)", () => {
  let stack: Stack;
  let db: Db;
  const fake = new FakeTransports();
  const camille = "10001";
  const antoine = "10002";
  let camilleToSign: string;
  let camilleExpired: string;
  let antoineToSign: string;

  const ctx = (contactId: string): SignContext => ({
    session: { channel: "email", identity: contactId === camille ? "camille.martin@example.fr" : "antoine.girard@example.com", signedInAt: Date.now() - 60_000, sessionId: `session-${contactId}-0001`, locale: "fr" },
    ip: "203.0.113.9",
    userAgent: "Mozilla/5.0 (vitest) Chrome/131",
  });

  async function drain(): Promise<void> {
    for (let i = 0; i < 10; i++) {
      const pass = await runOutboxOnce({ db, transports: fake.transports });
      if (pass.claimed === 0) return;
    }
  }

  /** The code in the last sealed signing-code notification for this contact. */
  async function lastCode(contactId: string): Promise<{ to: string; code: string; template: string }> {
    const rows = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.contactId, contactId), like(outbox.idempotencyKey, "quote-sign-code:%")));
    const row = rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.idempotencyKey.localeCompare(a.idempotencyKey))[0];
    if (!row) throw new Error("no code row");
    const p = row.payload as { sealed: string; template: string };
    const opened = openPayload(p.sealed, row.id) as { to: string; data: { code: string } };
    return { to: opened.to, code: opened.data.code, template: p.template };
  }

  async function drawing(): Promise<string> {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="200"><path d="M20 150 C 100 20, 200 20, 250 120 S 400 180, 480 40" stroke="#111" stroke-width="4" fill="none"/></svg>`;
    return `data:image/png;base64,${(await sharp(Buffer.from(svg)).png().toBuffer()).toString("base64")}`;
  }

  beforeAll(async () => {
    process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "duret-docs-"));
    resetEnvForTests();
    resetCompanyP12ForTests();
    stack = await startStack(() => buildSeed({ now: new Date() }));
    db = stack.db.db;
    registerDocumentHandlers();
    const cq = await listQuotes(camille);
    const aq = await listQuotes(antoine);
    camilleToSign = cq.find((q) => q.status === "to_sign")!.id;
    camilleExpired = cq.find((q) => q.status === "expired")!.id;
    antoineToSign = aq.find((q) => q.status === "to_sign")!.id;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    delete process.env.DATA_DIR;
    resetEnvForTests();
  });
  beforeEach(() => {
    fake.emails = [];
    fake.sms = [];
  });

  it("records the first opening and stores the original the customer reads", async () => {
    const first = await recordQuoteOpened(camille, camilleToSign, new Date(Date.now() - 120_000));
    const again = await recordQuoteOpened(camille, camilleToSign);
    expect(first?.openedAt.getTime()).toBe(again?.openedAt.getTime());
    expect(again?.original.id).toBe(first?.original.id);
    const pdf = await getQuotePdf(camille, camilleToSign);
    expect(pdf.signed).toBe(false);
    expect(pdf.fileName).toMatch(/^Devis-[A-Za-z0-9-]+\.pdf$/);
    expect(sha256(pdf.body as Uint8Array)).toBe(first!.original.sha256);
  });

  it("refuses another customer's quote, and an expired one, with a clear message", async () => {
    expect((await failure(recordQuoteOpened(antoine, camilleToSign))).code).toBe("NOT_FOUND");
    expect((await failure(getQuotePdf(antoine, camilleToSign))).code).toBe("NOT_FOUND");
    expect((await failure(requestSigningCode(antoine, { quoteId: camilleToSign, consent: true, signerName: "Antoine Girard", mode: "typed", typedName: "Antoine Girard" }, { locale: "fr" }))).code).toBe(
      "NOT_FOUND",
    );
    const expired = await failure(requestSigningCode(camille, { quoteId: camilleExpired, consent: true, signerName: "Camille Martin", mode: "typed", typedName: "Camille Martin" }, { locale: "fr" }));
    expect(expired.code).toBe("CONFLICT");
    expect(expired.message).toMatch(/^Ce devis a expiré le \d\d\/\d\d\/\d{4} : il ne peut plus être signé/);
    expect((await failure(refuseQuote(camille, { quoteId: camilleExpired, reason: "Trop tard" }, ctx(camille)))).code).toBe("CONFLICT");
    // Nothing was written for them.
    expect(await db.select().from(quoteDecisions)).toEqual([]);
  });

  it("sends a code by SMS, counts wrong codes, and refuses an expired code", async () => {
    const sent = await requestSigningCode(camille, { quoteId: camilleToSign, consent: true, signerName: "Camille Martin", mode: "drawn", drawing: await drawing() }, { locale: "fr" });
    expect(sent).toMatchObject({ channel: "sms", destination: "+33 6 •• •• 56 78" });
    const { to, code, template } = await lastCode(camille);
    expect([to, template]).toEqual(["+33612345678", "quote-sign-code"]);
    const [session] = await db.select().from(quoteSigningSessions).where(eq(quoteSigningSessions.quoteId, camilleToSign));
    expect(session?.codeHash).toMatch(/^scrypt\$/);
    expect(session?.codeHash).not.toContain(code);
    await drain();
    expect(fake.sms.at(-1)?.body).toContain(code);

    const wrong = code === "000000" ? "111111" : "000000";
    const w = await failure(signQuote(camille, { quoteId: camilleToSign, code: wrong }, ctx(camille)));
    expect(w).toEqual({ code: "VALIDATION", message: "Code incorrect. Il vous reste 4 essais." });
    // Too soon for another code.
    expect((await failure(requestSigningCode(camille, { quoteId: camilleToSign, consent: true, signerName: "Camille Martin", mode: "drawn", drawing: await drawing() }, { locale: "fr" }))).code).toBe("RATE_LIMITED");
    // Expired: ten minutes later the right code no longer signs.
    const late = await failure(signQuote(camille, { quoteId: camilleToSign, code }, { ...ctx(camille), now: new Date(Date.now() + 11 * 60_000) }));
    expect(late.message).toBe("Ce code a expiré. Demandez un nouveau code.");
    expect(await db.select().from(quoteSignatures)).toEqual([]);
  });

  it("locks the code after five wrong tries", async () => {
    await requestSigningCode(camille, { quoteId: camilleToSign, consent: true, signerName: "Camille Martin", mode: "drawn", drawing: await drawing() }, { locale: "fr", now: new Date(Date.now() + 60_000) });
    const { code } = await lastCode(camille);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) await failure(signQuote(camille, { quoteId: camilleToSign, code: wrong }, { ...ctx(camille), now: new Date(Date.now() + 61_000) }));
    const locked = await failure(signQuote(camille, { quoteId: camilleToSign, code }, { ...ctx(camille), now: new Date(Date.now() + 61_000) }));
    expect(locked.message).toBe("Trop d'essais ou code remplacé. Demandez un nouveau code.");
  });

  it("signs once under concurrent confirmations: one evidence row whose hash is the stored original's", async () => {
    const at = new Date(Date.now() + 120_000);
    await requestSigningCode(camille, { quoteId: camilleToSign, consent: true, signerName: "Camille Martin", mode: "drawn", drawing: await drawing() }, { locale: "fr", now: at });
    const { code } = await lastCode(camille);
    const results = await Promise.all(Array.from({ length: 4 }, () => signQuote(camille, { quoteId: camilleToSign, code }, { ...ctx(camille), now: new Date(at.getTime() + 5_000) })));
    expect(new Set(results.map((r) => r.signatureId)).size).toBe(1);
    expect(results.filter((r) => !r.alreadySigned).length).toBe(1);
    const rows = await db.select().from(quoteSignatures);
    expect(rows).toHaveLength(1);
    const evidence = rows[0]!;
    const [original] = await db.select().from(quoteOriginals).where(eq(quoteOriginals.id, evidence.originalId));
    expect(sha256(original!.pdf)).toBe(evidence.originalSha256);
    expect(original!.sha256).toBe(evidence.originalSha256);
    expect(sha256(evidence.signedPdf)).toBe(evidence.signedSha256);
    expect(evidence.ip).toBe("203.0.113.9");
    expect(evidence.consentText).toMatch(/^Bon pour accord : j'accepte le devis n° .+ d'un montant de .+ € TTC/);
    expect((evidence.identity as { code: { destination: string } }).code.destination).toBe("+33612345678");
    expect(evidence.openedAt.getTime()).toBeLessThan(evidence.consentedAt.getTime());
    expect(evidence.consentedAt.getTime()).toBeLessThan(evidence.signedAt.getTime());

    // Shown as signed at once (HubSpot not told yet), and the signed PDF is downloadable at once.
    const doc = await getQuoteDocument(camille, camilleToSign);
    expect(doc.quote.status).toBe("signed");
    expect(doc.quote.syncPending).toBe(true);
    const pdf = await getQuotePdf(camille, camilleToSign);
    expect(pdf.signed).toBe(true);
    expect(pdf.fileName).toMatch(/-signe\.pdf$/);
    const text = (await drawnText(pdf.body as Uint8Array)).at(-1)!.join(" ");
    expect(text).toContain(evidence.originalSha256.slice(0, 32));
    // Camille is a consumer: the annexed withdrawal form is the original's last page, sealed with it.
    if (hasBinary("pdftotext")) {
      const pages = pdftotextPages(pdf.body as Uint8Array);
      const formPage = pages.findIndex((p) => p.includes("FORMULAIRE DE RÉTRACTATION"));
      expect(formPage).toBeGreaterThan(0);
      expect(pages[formPage + 1]).toContain("Dossier de preuve");
    }
    if (havePdfsig) expect(pdfsig(pdf.body as Uint8Array)).toContain("Signature Validation: Signature is Valid.");
    if (haveQpdf) expect(qpdfCheck(pdf.body as Uint8Array)).toContain("No syntax or stream encoding errors");

    // A second signature is refused with a clear message; a retry of the same confirmation is not an error.
    expect((await failure(requestSigningCode(camille, { quoteId: camilleToSign, consent: true, signerName: "Camille Martin", mode: "typed", typedName: "Camille Martin" }, { locale: "fr" }))).message).toBe(
      "Ce devis est déjà signé : il n'y a plus rien à faire.",
    );
    expect((await signQuote(camille, { quoteId: camilleToSign, code }, ctx(camille))).alreadySigned).toBe(true);
    expect((await failure(refuseQuote(camille, { quoteId: camilleToSign, reason: "Changement d'avis" }, ctx(camille)))).code).toBe("CONFLICT");
  });

  it("delivers the signature to HubSpot (file, deal note, stages) and emails the signed PDF", async () => {
    await drain();
    const [evidence] = await db.select().from(quoteSignatures);
    const quote = await readObject("quotes", camilleToSign, ["portal_signature_status", "portal_signed_file_id", "portal_signed_at"]);
    expect(quote.properties.portal_signature_status).toBe("signed");
    const fileId = quote.properties.portal_signed_file_id!;
    const file = await downloadFile(fileId);
    const bytes = new Uint8Array(await new Response(file.body).arrayBuffer());
    expect(sha256(bytes)).toBe(evidence!.signedSha256);
    const dealId = (await listAssociatedIds("quotes", camilleToSign, "deals"))[0]!;
    const notes = await batchReadObjects("notes", await listAssociatedIds("deals", dealId, "notes"), ["hs_attachment_ids"]);
    const signedNotes = notes.filter((n) => n.properties.hs_attachment_ids === fileId);
    expect(signedNotes).toHaveLength(1);
    expect(await recordedId(`note:quote-signed:${evidence!.id}`)).toBe(signedNotes[0]!.id);
    const mail = fake.emails.find((m) => m.subject.includes("signé"));
    expect(mail?.to).toBe("camille.martin@example.fr");
    expect(mail?.attachments?.[0]).toMatchObject({ contentType: "application/pdf", encoding: "base64" });
    expect(sha256(Buffer.from(mail!.attachments![0]!.content, "base64"))).toBe(evidence!.signedSha256);
    await clearHubSpotCache(db);
    expect((await getQuoteDocument(camille, camilleToSign)).quote.syncPending).toBe(false);
    // Running the HubSpot write again (at-least-once delivery) changes nothing.
    const { syncQuoteSigned } = await import("@/lib/documents/sync-quote-decisions");
    expect((await syncQuoteSigned({ signatureId: evidence!.id })).fileId).toBe(fileId);
    const notesAfter = await listAssociatedIds("deals", dealId, "notes");
    expect(notesAfter.length).toBe(notes.length);
  });

  it("refuses to sign a quote changed in HubSpot after the customer's consent", async () => {
    await recordQuoteOpened(antoine, antoineToSign);
    await requestSigningCode(antoine, { quoteId: antoineToSign, consent: true, signerName: "Antoine Girard", mode: "typed", typedName: "Antoine Girard" }, { locale: "fr" });
    const { code } = await lastCode(antoine);
    const before = await readObject("quotes", antoineToSign, ["sage_total_ttc"]);
    await updateObject("quotes", antoineToSign, { sage_total_ttc: String(Number(before.properties.sage_total_ttc ?? 0) + 100) });
    await clearHubSpotCache(db);
    const changed = await failure(signQuote(antoine, { quoteId: antoineToSign, code }, ctx(antoine)));
    expect(changed).toEqual({ code: "CONFLICT", message: "Ce devis a été modifié depuis votre accord. Relisez-le, puis signez à nouveau." });
    expect(await db.select().from(quoteDecisions).where(eq(quoteDecisions.quoteId, antoineToSign))).toEqual([]);
  });

  it("refuses a quote with a reason that reaches the service desk; it can no longer be signed", async () => {
    const r = await refuseQuote(antoine, { quoteId: antoineToSign, reason: "Budget trop élevé pour cette année" }, ctx(antoine));
    expect(r.alreadyRefused).toBe(false);
    expect((await failure(requestSigningCode(antoine, { quoteId: antoineToSign, consent: true, signerName: "Antoine Girard", mode: "typed", typedName: "Antoine Girard" }, { locale: "fr" }))).message).toMatch(
      /^Ce devis a été refusé/,
    );
    await drain();
    await clearHubSpotCache(db);
    const quote = await readObject("quotes", antoineToSign, ["portal_signature_status"]);
    expect(quote.properties.portal_signature_status).toBe("refused");
    const tickets = await batchReadObjects("tickets", await listAssociatedIds("contacts", antoine, "tickets"), ["subject", "content", "portal_request_id"]);
    const ticket = tickets.find((t) => t.properties.portal_request_id === `quote-refusal:${antoineToSign}`);
    expect(ticket?.properties.content).toContain("Budget trop élevé pour cette année");
  });

  it("lists documents with filters, and renders an invoice with its legal mentions", async () => {
    const { shown } = await listDocuments(camille, documentFiltersSchema.parse({ onglet: "devis", statut: "signes" }));
    expect(shown.quotes.map((q) => q.id)).toContain(camilleToSign);
    expect(shown.quotes.every((q) => q.status === "signed")).toBe(true);
    const { all } = await listDocuments(camille, documentFiltersSchema.parse({}));
    const invoice = all.invoices[0]!;
    const byNumber = await listDocuments(camille, documentFiltersSchema.parse({ onglet: "factures", q: invoice.number!.slice(-4) }));
    expect(byNumber.shown.invoices.map((i) => i.id)).toContain(invoice.id);
    const pdf = await getInvoicePdf(camille, invoice.id);
    expect(pdf.fileName).toBe(`Facture-${invoice.number}.pdf`);
    const text = (await drawnText(pdf.body as Uint8Array)).flat().join(" ");
    // Camille is a consumer: the Code civil rule, never the B2B 40 € indemnity.
    expect(text).toContain("1231-6 du Code civil");
    expect(text).not.toContain("indemnité forfaitaire");
    expect(text).toContain("SIRET");
    expect((await failure(getInvoicePdf(antoine, invoice.id))).code).toBe("NOT_FOUND");
  });
});
