import "server-only";
import { contentDisposition } from "./file-names";
import type { PdfDocument } from "./render-documents";

/**
 * A PDF answer: the server-chosen file name (RFC 6266), never cached, streamed. `inline` (the
 * preview inside the document page) may be framed by the portal's own pages only; downloads are
 * `attachment`.
 */
export function pdfResponse(doc: PdfDocument, disposition: "inline" | "attachment"): Response {
  const headers = new Headers({
    "Content-Type": "application/pdf",
    "Content-Disposition": contentDisposition(disposition, doc.fileName),
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    // next.config.ts sets the framing headers of this route (its rules override a handler's).
    "X-Frame-Options": "SAMEORIGIN",
  });
  if (doc.size) headers.set("Content-Length", String(doc.size));
  const body =
    doc.body instanceof ReadableStream
      ? doc.body
      : new ReadableStream<Uint8Array>({
          // Chunks of 64 KiB: the response starts at once and memory stays flat for large files.
          start(controller) {
            const bytes = doc.body as Uint8Array;
            for (let i = 0; i < bytes.byteLength; i += 65_536) controller.enqueue(bytes.subarray(i, Math.min(i + 65_536, bytes.byteLength)));
            controller.close();
          },
        });
  return new Response(body, { headers });
}

export function dispositionOf(request: Request): "inline" | "attachment" {
  return new URL(request.url).searchParams.get("telecharger") === "1" ? "attachment" : "inline";
}
