import "server-only";
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata, type OutputInfo } from "sharp";
import { AppError } from "@/lib/errors";
import { inspectPdf } from "./pdf-safety";

/**
 * Shared upload validation (messages; reusable for booking photos). The one entry point is
 * `validateUpload(bytes, fileName, policy)`:
 *
 * - the type comes from the bytes (file-type's magic numbers), never from the name or the browser's
 *   Content-Type: a renamed executable is refused;
 * - size limit in bytes (`policy.maxBytes`), pixel limit (`policy.maxPixels`) read from the image
 *   header before any decoding, and sharp's `limitInputPixels` as a second guard while decoding
 *   (decompression bombs: a tiny PNG claiming 50 000 × 50 000 pixels is refused, never inflated);
 * - images (JPEG, PNG, WebP) are decoded and re-encoded by sharp: EXIF orientation applied, then
 *   every metadata block (EXIF with GPS, XMP, IPTC, ICC comments) dropped, size capped at
 *   `policy.maxDimension`; PNG stays PNG, the rest becomes JPEG;
 * - PDFs only when `policy.allowPdf`, judged on their parsed objects by `inspectPdf`
 *   (./pdf-safety.ts: no script, automatic or outward action, embedded file, XFA, RichMedia; not
 *   encrypted; parseable) and stored as pdf-lib wrote them again, i.e. exactly what was inspected.
 *
 * A refusal is an AppError("VALIDATION") whose userMessage says why, in French; its
 * `details.reason` is a stable code for tests and clients ("too_large", "type", "pixels",
 * "corrupt", "pdf_active", "pdf_encrypted", "empty").
 */

export type UploadRejectReason = "empty" | "too_large" | "type" | "pixels" | "corrupt" | "pdf_active" | "pdf_encrypted";

export interface UploadPolicy {
  /** Largest accepted upload, in bytes. */
  maxBytes: number;
  /** Largest accepted image, in pixels (width × height). */
  maxPixels: number;
  /** Longest side of the re-encoded image. */
  maxDimension: number;
  allowPdf: boolean;
}

/** Customer messages: photos of an installation or a PDF (quote from another company, invoice). */
export const MESSAGE_UPLOAD_POLICY: UploadPolicy = {
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxDimension: 2560,
  allowPdf: true,
};

/** Photos only (e.g. booking photos): same limits, no PDF. */
export const PHOTO_UPLOAD_POLICY: UploadPolicy = { ...MESSAGE_UPLOAD_POLICY, allowPdf: false };

export interface ValidatedUpload {
  /** What to store and send on: re-encoded image bytes, or the PDF as pdf-lib parsed and wrote it. */
  bytes: Uint8Array;
  mimeType: "image/jpeg" | "image/png" | "application/pdf";
  extension: "jpg" | "png" | "pdf";
  /** Safe file name with the real extension (e.g. "tableau-electrique.jpg"). */
  fileName: string;
  width: number | null;
  height: number | null;
}

const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

function reject(reason: UploadRejectReason, userMessage: string, internal: string): AppError {
  return new AppError("VALIDATION", `upload rejected (${reason}): ${internal}`, { userMessage, details: { reason } });
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
}

/** A name safe for HubSpot and Content-Disposition: no path, no control characters, the real extension. */
export function safeFileName(name: string, extension: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .replace(/\.[^.]*$/, "")
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N} _().-]+/gu, "-")
    .replace(/\s+/g, " ")
    .replace(/^[\s.-]+|[\s.-]+$/g, "")
    .slice(0, 80);
  return `${base || "fichier"}.${extension}`;
}

const PDF_REFUSALS: Record<"corrupt" | "pdf_encrypted" | "pdf_active", string> = {
  pdf_active: "Ce PDF contient du contenu actif (script, action automatique, pièce jointe, formulaire XFA) : enregistrez-le de nouveau en PDF simple.",
  pdf_encrypted: "Ce PDF est protégé (mot de passe ou chiffrement) : enregistrez-le de nouveau sans protection, en PDF simple.",
  corrupt: "Ce PDF est illisible ou abîmé : enregistrez-le de nouveau en PDF simple.",
};

export async function validateUpload(bytes: Uint8Array, fileName: string, policy: UploadPolicy = MESSAGE_UPLOAD_POLICY): Promise<ValidatedUpload> {
  if (bytes.byteLength === 0) throw reject("empty", "Ce fichier est vide.", "empty file");
  if (bytes.byteLength > policy.maxBytes) {
    throw reject("too_large", `Ce fichier est trop lourd (${formatMegabytes(bytes.byteLength)}) : ${formatMegabytes(policy.maxBytes)} au maximum.`, `${bytes.byteLength} bytes`);
  }
  const detected = await fileTypeFromBuffer(bytes);
  const accepted = policy.allowPdf ? "une photo (JPEG, PNG, WebP) ou un PDF" : "une photo (JPEG, PNG, WebP)";
  if (!detected) throw reject("type", `Ce type de fichier n'est pas accepté : envoyez ${accepted}.`, "unknown type");

  if (detected.mime === "application/pdf") {
    if (!policy.allowPdf) throw reject("type", `Les PDF ne sont pas acceptés ici : envoyez ${accepted}.`, "pdf not allowed");
    const verdict = await inspectPdf(bytes);
    if (!verdict.ok) throw reject(verdict.reason, PDF_REFUSALS[verdict.reason], `pdf: ${verdict.detail}`);
    return { bytes: verdict.bytes, mimeType: "application/pdf", extension: "pdf", fileName: safeFileName(fileName, "pdf"), width: null, height: null };
  }
  if (!IMAGE_TYPES.has(detected.mime)) {
    throw reject("type", `Ce type de fichier (${detected.ext}) n'est pas accepté : envoyez ${accepted}.`, `detected ${detected.mime}`);
  }

  let meta: Metadata;
  try {
    // Reads the header only: no pixel is decoded yet.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw reject("corrupt", "Cette image est illisible ou abîmée.", `metadata: ${String(error)}`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!width || !height) throw reject("corrupt", "Cette image est illisible ou abîmée.", "no dimensions");
  if (width * height > policy.maxPixels) {
    throw reject(
      "pixels",
      `Cette image est trop grande (${width} × ${height} pixels) : ${Math.round(policy.maxPixels / 1_000_000)} millions de pixels au maximum.`,
      `${width}x${height}`,
    );
  }

  const png = detected.mime === "image/png";
  let out: { data: Buffer; info: OutputInfo };
  try {
    // limitInputPixels again while decoding: the header could lie about the real stream.
    const pipeline = sharp(bytes, { limitInputPixels: policy.maxPixels, failOn: "error", sequentialRead: true })
      .rotate()
      .resize({ width: policy.maxDimension, height: policy.maxDimension, fit: "inside", withoutEnlargement: true });
    // sharp writes no metadata unless asked (withMetadata / keepExif): EXIF, GPS, XMP are gone.
    out = await (png ? pipeline.png({ compressionLevel: 9 }) : pipeline.flatten({ background: "#ffffff" }).jpeg({ quality: 85, mozjpeg: true })).toBuffer({
      resolveWithObject: true,
    });
  } catch (error) {
    throw reject("corrupt", "Cette image est illisible ou abîmée.", `decode: ${String(error)}`);
  }
  const extension = png ? "png" : "jpg";
  return {
    bytes: new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength),
    mimeType: png ? "image/png" : "image/jpeg",
    extension,
    fileName: safeFileName(fileName, extension),
    width: out.info.width,
    height: out.info.height,
  };
}
