import "server-only";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { getDb } from "@/lib/db/client";
import { contentDisposition } from "@/lib/file-names";
import { imageVariants } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { downloadFile, type DownloadedFile } from "@/lib/hubspot/files";
import { FILE_CSP } from "./file-csp";

/**
 * Images from HubSpot Files as the browser gets them: decoded and re-encoded by sharp (EXIF
 * orientation applied, then no metadata at all: EXIF/GPS never reaches the browser), resized per
 * variant and cached in `image_variants` (shared by instances; file ids are immutable in HubSpot).
 * Callers check ownership first.
 */
export const IMAGE_VARIANTS = {
  thumb: { size: 480, quality: 72 },
  full: { size: 2048, quality: 85 },
} as const;
export type ImageVariant = keyof typeof IMAGE_VARIANTS;

const MAX_SOURCE_BYTES = 40 * 1024 * 1024;
const MAX_SOURCE_PIXELS = 60_000_000;

async function readAll(file: DownloadedFile): Promise<Uint8Array> {
  const reader = file.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_SOURCE_BYTES) {
      await reader.cancel();
      throw new AppError("UPSTREAM_UNAVAILABLE", "image too large to render");
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export interface RenderedImage {
  bytes: Uint8Array;
  contentType: string;
}

export async function renderImage(fileId: string, variant: ImageVariant): Promise<RenderedImage> {
  const db = await getDb();
  const [hit] = await db
    .select({ bytes: imageVariants.bytes, contentType: imageVariants.contentType })
    .from(imageVariants)
    .where(and(eq(imageVariants.fileId, fileId), eq(imageVariants.variant, variant)));
  if (hit) return { bytes: hit.bytes, contentType: hit.contentType };
  const file = await downloadFile(fileId);
  if (!(file.file.mimeType ?? file.contentType).startsWith("image/")) {
    await file.body.cancel().catch(() => {});
    throw new AppError("NOT_FOUND", `file ${fileId} is not an image`);
  }
  const source = await readAll(file);
  const { size, quality } = IMAGE_VARIANTS[variant];
  let out: Buffer;
  try {
    out = await sharp(source, { limitInputPixels: MAX_SOURCE_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width: size, height: size, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality, mozjpeg: true })
      .toBuffer();
  } catch (error) {
    throw new AppError("UPSTREAM_UNAVAILABLE", `image ${fileId} could not be rendered`, { cause: error });
  }
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  await db.insert(imageVariants).values({ fileId, variant, contentType: "image/jpeg", bytes }).onConflictDoNothing();
  return { bytes, contentType: "image/jpeg" };
}

/** Headers for a customer's file: private, never stored, named, no sniffing. */
export function fileHeaders(contentType: string, fileName: string, disposition: "inline" | "attachment", length?: number | null): Headers {
  const headers = new Headers({
    "Content-Type": contentType,
    "Content-Disposition": contentDisposition(disposition, fileName),
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    // Also set for these routes by next.config.ts, whose header wins (see ./file-csp.ts).
    "Content-Security-Policy": FILE_CSP,
  });
  if (length) headers.set("Content-Length", String(length));
  return headers;
}
