import "server-only";
import sharp from "sharp";
import { AppError } from "@/lib/errors";

export { confirmSignatureSchema, refuseQuoteSchema, signingRequestSchema, type SigningRequest } from "./schemas";

/** The drawn signature, decoded, checked (a real PNG, not blank, bounded) and re-encoded. */
export async function normalizeDrawing(dataUrl: string): Promise<Buffer> {
  const bytes = Buffer.from(dataUrl.slice("data:image/png;base64,".length), "base64");
  const invalid = (why: string) =>
    new AppError("VALIDATION", `signature drawing: ${why}`, { userMessage: "Votre signature n'a pas pu être lue. Effacez-la et dessinez-la à nouveau.", details: { field: "drawing" } });
  if (bytes.length < 8 || bytes.readUInt32BE(0) !== 0x89504e47) throw invalid("not a PNG");
  try {
    const image = sharp(bytes, { limitInputPixels: 4_000_000 });
    const meta = await image.metadata();
    if (!meta.width || !meta.height || meta.width > 3000 || meta.height > 2000) throw invalid("bad size");
    const stats = await image.stats();
    const alpha = stats.channels[3];
    const blank = alpha ? alpha.max === 0 : stats.channels.every((c: { min: number; max: number }) => c.min === c.max);
    if (blank) {
      throw new AppError("VALIDATION", "signature drawing is blank", { userMessage: "Votre signature est vide : dessinez-la dans le cadre.", details: { field: "drawing" } });
    }
    return await sharp(bytes).trim({ threshold: 0 }).png({ compressionLevel: 9 }).toBuffer();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid(String(error));
  }
}
