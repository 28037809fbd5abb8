import "server-only";
import { pdflibAddPlaceholder } from "@signpdf/placeholder-pdf-lib";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf } from "@signpdf/signpdf";
import { SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import type { PDFDocument } from "pdf-lib";
import type { CompanyP12 } from "./certificate";

/**
 * Seals a PDF with the company's certificate: a CMS detached signature (SubFilter
 * ETSI.CAdES.detached, SHA-256) over the whole file, as PAdES readers (Poppler's pdfsig, Acrobat)
 * verify it. Any later change to the bytes breaks it ("Digest Mismatch").
 *
 * Caveat: @signpdf's P12Signer signs only contentType, signingTime and messageDigest (no
 * signing-certificate-v2), so this is a tamper-evident company seal labelled ETSI.CAdES.detached,
 * not a strict PAdES-B-B baseline profile (ETSI EN 319 142-1), and not a qualified signature.
 */
export interface SealOptions {
  reason: string;
  location: string;
  contactInfo: string;
  name: string;
  signingTime: Date;
  /** The signing application as the signature dictionary names it ("Espace client <company>"). */
  appName: string;
}

// Room for the CMS blob: an RSA-2048 signature with one certificate is ~2 KB; a real provider's
// chain (3-4 certificates) stays well under this.
const SIGNATURE_LENGTH = 16_384;

export async function sealPdf(doc: PDFDocument, certificate: CompanyP12, opts: SealOptions): Promise<Buffer> {
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: opts.reason,
    contactInfo: opts.contactInfo,
    name: opts.name,
    location: opts.location,
    signingTime: opts.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: opts.appName,
  });
  // The placeholder's byte range must be found in plain objects: no object streams.
  const withPlaceholder = await doc.save({ useObjectStreams: false });
  const signer = new P12Signer(certificate.p12, { passphrase: certificate.passphrase });
  // The named class, not the default instance: CJS default-import interop differs between bundlers.
  return new SignPdf().sign(Buffer.from(withPlaceholder), signer, opts.signingTime);
}
