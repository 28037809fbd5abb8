import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { renderQuotePdfWithLayout } from "@/lib/pdf/render-quote";
import { resetEnvForTests } from "@/lib/env";
import { describeP12, generatedP12, loadCompanyP12, resetCompanyP12ForTests, type CompanyP12 } from "@/lib/documents/signature/certificate";
import { buildSignedQuotePdf, type SignatureEvidence } from "@/lib/documents/signature/signed-quote";
import { makeCustomer, makeQuote, manyLines } from "./fixtures";
import { drawnText, hasBinary, pdftotextPages } from "./pdf-text";
import { haveQpdf, havePdfsig, pdfsig, qpdfCheck } from "./pdf-tools";
import { TEST_COMPANY as COMPANY } from "../support/company";

let certificate: CompanyP12;
let certDir: string;
beforeAll(async () => {
  certDir = mkdtempSync(path.join(tmpdir(), "duret-cert-"));
  certificate = await generatedP12(certDir, COMPANY);
});

function evidenceFor(originalSha256: string, kind: "drawn" | "typed"): SignatureEvidence {
  const info = describeP12(certificate.p12, certificate.passphrase);
  return {
    evidenceId: "3f1c2a9e-0000-4000-8000-000000000001",
    quote: { id: "9001", number: "DE-2026-00142", title: "Mise aux normes", totalTtc: "2 885,44 €" },
    signer: { name: "Hélène Lefèvre-Noël", contactId: "51234" },
    identity: {
      session: { channel: "email", identity: "helene.lefevre@example.fr", signedInAt: "2026-11-24T08:00:00.000Z", sessionId: "s".repeat(20) },
      code: { channel: "sms", destination: "+33612345678", sentAt: "2026-11-24T08:14:02.000Z", verifiedAt: "2026-11-24T08:15:30.000Z" },
    },
    consentText: "Bon pour accord : j'accepte le devis n° DE-2026-00142 d'un montant de 2 885,44 € TTC.",
    signature: kind === "typed" ? { kind, typedName: "Hélène Lefèvre-Noël" } : { kind },
    openedAt: "2026-11-24T08:10:00.000Z",
    consentedAt: "2026-11-24T08:14:00.000Z",
    signedAt: "2026-11-24T08:15:31.000Z",
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/131",
    originalSha256,
    certificate: { subject: info.subject, fingerprintSha256: info.fingerprintSha256 },
  };
}

async function signaturePng(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="150"><path d="M10 120 C 80 10, 160 10, 200 90 S 320 140, 390 30" stroke="#1e3a8a" stroke-width="5" fill="none"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

async function signed(kind: "drawn" | "typed", lines = 6) {
  const { bytes, signatureBox } = await renderQuotePdfWithLayout(makeQuote({ lines: manyLines(lines) }), makeCustomer(), COMPANY);
  const sha = createHash("sha256").update(bytes).digest("hex");
  const pdf = await buildSignedQuotePdf({
    original: bytes,
    signatureBox,
    mark: kind === "drawn" ? { kind, png: await signaturePng() } : { kind, typedName: "Hélène Lefèvre-Noël" },
    evidence: evidenceFor(sha, kind),
    certificate,
    company: COMPANY,
  });
  return { original: bytes, pdf, sha };
}

describe("company certificate", () => {
  it("is generated once under the data dir and reused (same fingerprint)", async () => {
    const again = await generatedP12(certDir, COMPANY);
    expect(describeP12(again.p12, again.passphrase).fingerprintSha256).toBe(describeP12(certificate.p12, certificate.passphrase).fingerprintSha256);
    const info = describeP12(certificate.p12, certificate.passphrase);
    // ASCII only (see asciiName): a UTF-8 subject breaks @signpdf's CMS for pdfsig.
    expect(info.subject).toContain("CN=Duret Electricite SARL - cachet de demonstration");
    expect(info.notAfter.getTime()).toBeGreaterThan(Date.now() + 365 * 24 * 3600_000);
  });
});

describe("certificate configuration", () => {
  it("uses SIGNING_P12_BASE64 when set, and refuses to seal in production without a certificate", async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { NODE_ENV: "production", HUBSPOT_ACCESS_TOKEN: "pat-test" });
      delete process.env.SIGNING_P12_BASE64;
      delete process.env.SIGNING_P12_PATH;
      resetEnvForTests();
      resetCompanyP12ForTests();
      await expect(loadCompanyP12()).rejects.toMatchObject({ code: "UPSTREAM_UNAVAILABLE", userMessage: expect.stringContaining("momentanément indisponible") });
      Object.assign(process.env, { SIGNING_P12_BASE64: certificate.p12.toString("base64"), SIGNING_P12_PASSPHRASE: certificate.passphrase });
      resetEnvForTests();
      resetCompanyP12ForTests();
      const configured = await loadCompanyP12();
      expect(configured.source).toBe("configured");
      expect(describeP12(configured.p12, configured.passphrase).fingerprintSha256).toBe(describeP12(certificate.p12, certificate.passphrase).fingerprintSha256);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
      resetEnvForTests();
      resetCompanyP12ForTests();
    }
  });
});

describe("signed quote PDF", () => {
  it("keeps the original pages, adds the signature and an evidence page with the original's hash", async () => {
    const { original, pdf, sha } = await signed("typed", 30);
    const before = (await PDFDocument.load(original)).getPageCount();
    const after = await PDFDocument.load(pdf);
    expect(after.getPageCount()).toBe(before + 1);
    expect(after.getTitle()).toBe("Devis DE-2026-00142 — signé");
    const pages = await drawnText(pdf);
    // A consumer's quote: the signature box is on the page before the annexed withdrawal form.
    expect(pages[before - 1]!.join(" ")).toContain("FORMULAIRE DE RÉTRACTATION");
    const signedPage = pages[before - 2]!.join("\n");
    expect(signedPage).toContain("Hélène Lefèvre-Noël");
    expect(signedPage).toContain("24/11/2026 (signé électroniquement)");
    const evidence = pages.at(-1)!.join("\n");
    for (const s of [
      "Dossier de preuve de la signature électronique",
      sha.slice(0, 40),
      "Code à usage unique envoyé par SMS à +33612345678",
      "Bon pour accord : j'accepte le devis n° DE-2026-00142",
      "24/11/2026 à 09:10:00 (heure de Paris)",
      "203.0.113.7",
      "Saisie au clavier",
      "ETSI.CAdES.detached",
    ]) {
      expect(evidence.replace(/\n/g, " ")).toContain(s);
    }
  });

  it("embeds a drawn signature as an image in the signature box's page", async () => {
    const { original, pdf } = await signed("drawn");
    const before = (await PDFDocument.load(original)).getPageCount();
    expect(Buffer.from(pdf).toString("latin1")).toContain("/Subtype /Image");
    const evidence = (await drawnText(pdf))[before]!.join(" ");
    expect(evidence).toContain("Tracée à la main");
  });
});

describe.skipIf(!havePdfsig || !haveQpdf)("with poppler and qpdf", () => {
  it("pdfsig reports the seal valid over the whole document (ETSI.CAdES.detached, SHA-256)", async () => {
    const { pdf } = await signed("drawn");
    const out = pdfsig(pdf);
    expect(out).toContain("Signature Type: ETSI.CAdES.detached");
    expect(out).toContain("Signing Hash Algorithm: SHA-256");
    expect(out).toContain("Total document signed");
    expect(out).toContain("Signature Validation: Signature is Valid.");
    expect(out).toContain("Signer Certificate Common Name: Duret Electricite SARL");
    expect(qpdfCheck(pdf)).toContain("No syntax or stream encoding errors");
  });

  it("pdfsig rejects a copy with one byte changed inside the signed range", async () => {
    const { pdf } = await signed("typed");
    const tampered = Buffer.from(pdf);
    // One byte inside the first content stream (covered by the signature's byte range).
    const at = tampered.indexOf("stream\n") + 20;
    expect(at).toBeGreaterThan(20);
    tampered[at] = tampered[at]! ^ 0x01;
    const out = pdfsig(tampered);
    expect(out).toContain("Digest Mismatch");
    expect(out).not.toContain("Signature is Valid.");
  });

  it("pdfsig says bytes appended after the seal are not covered", async () => {
    const { pdf } = await signed("typed");
    const out = pdfsig(Buffer.concat([pdf, Buffer.from("\n% appended\n")]));
    expect(out).not.toContain("Total document signed");
  });

  it.skipIf(!hasBinary("pdftotext"))("pdftotext reads the evidence page", async () => {
    const { pdf, sha } = await signed("drawn");
    const text = pdftotextPages(pdf).at(-1)!;
    expect(text).toContain("Dossier de preuve");
    // -layout reads the label's wrapped second line ("original") between the hash's two lines.
    expect(text.replace(/\s+/g, "").replace("original", "")).toContain(sha);
  });
});
