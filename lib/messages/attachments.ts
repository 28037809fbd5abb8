import "server-only";
import { AppError } from "@/lib/errors";
import { downloadFile } from "@/lib/hubspot/files";
import { getConversation } from "@/lib/hubspot/queries";
import { renderImage, type ImageVariant } from "@/lib/uploads/images";

/**
 * An attachment of a visible message in the customer's own conversation. Images go through the
 * metadata-free re-encoding (no EXIF/GPS to the browser); PDFs are streamed as they are.
 */
export type Attachment =
  | { kind: "image"; bytes: Uint8Array; contentType: string; name: string }
  | { kind: "file"; body: ReadableStream<Uint8Array>; contentType: string; name: string; size: number | null };

export async function getMessageAttachment(contactId: string, conversationId: string, fileId: string, variant: ImageVariant = "full"): Promise<Attachment> {
  const conversation = await getConversation(contactId, conversationId);
  if (!conversation.messages.some((m) => m.attachmentIds.includes(fileId))) {
    throw new AppError("NOT_FOUND", `file ${fileId} is not attached to conversation ${conversationId}`);
  }
  const file = await downloadFile(fileId);
  const name = `${file.file.name || "piece-jointe"}${file.file.extension ? `.${file.file.extension}` : ""}`;
  if ((file.file.mimeType ?? file.contentType).startsWith("image/")) {
    await file.body.cancel().catch(() => {});
    const image = await renderImage(fileId, variant);
    return { kind: "image", ...image, name: name.replace(/\.[^.]+$/, ".jpg") };
  }
  return { kind: "file", body: file.body, contentType: file.file.mimeType ?? "application/pdf", name, size: file.size };
}
