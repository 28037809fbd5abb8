import "server-only";
import { DOCUMENT_UNAVAILABLE_MESSAGE, isCompanyMissing } from "./company";
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

/**
 * A PDF route's answer: the document, or — while the company identity is not entered in the
 * console — a short French page with 503 (the link opens in a tab or the preview frame, where a
 * JSON error would mean nothing to a customer). Any other error goes to the route's own handling.
 */
export async function pdfOrUnavailable(load: () => Promise<PdfDocument>, disposition: "inline" | "attachment"): Promise<Response> {
  try {
    return pdfResponse(await load(), disposition);
  } catch (error) {
    if (!isCompanyMissing(error)) throw error;
    return documentUnavailableResponse();
  }
}

export function documentUnavailableResponse(): Response {
  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Document momentanément indisponible</title></head>
<body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5">
<h1 style="font-size:1.25rem">Document momentanément indisponible</h1>
<p>${DOCUMENT_UNAVAILABLE_MESSAGE}</p>
</body>
</html>
`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store", "Retry-After": "600", "X-Content-Type-Options": "nosniff" },
  });
}
