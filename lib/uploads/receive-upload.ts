import "server-only";
import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "@/lib/errors";
import { formatMegabytes, type UploadPolicy } from "./validate-upload";

/**
 * Reads one file from a multipart/form-data request with busboy, streaming: it stops reading as
 * soon as the file passes `policy.maxBytes` (the whole body is never buffered beyond the limit).
 * Route handlers use it instead of a server action so that the body limit is explicit per upload.
 */
export interface ReceivedFile {
  fileName: string;
  bytes: Uint8Array;
  fields: Record<string, string>;
}

export async function receiveUpload(request: Request, policy: UploadPolicy): Promise<ReceivedFile> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data") || !request.body) {
    throw new AppError("VALIDATION", "upload: not multipart", { userMessage: "Envoi invalide : aucun fichier reçu.", details: { reason: "empty" } });
  }
  const declared = Number(request.headers.get("content-length"));
  // Multipart overhead is small; anything far above the limit is refused before reading.
  if (Number.isFinite(declared) && declared > policy.maxBytes + 64 * 1024) {
    throw new AppError("VALIDATION", `upload: content-length ${declared}`, {
      userMessage: `Ce fichier est trop lourd : ${formatMegabytes(policy.maxBytes)} au maximum.`,
      details: { reason: "too_large" },
    });
  }
  return new Promise<ReceivedFile>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      // Browsers send the file name as raw UTF-8 in `filename="…"`; busboy reads it as latin1
      // unless told otherwise ("photoé.png" would become "photoÃ©.png").
      bb = busboy({ headers: { "content-type": contentType }, defParamCharset: "utf8", limits: { files: 1, fields: 10, fieldSize: 2048, fileSize: policy.maxBytes } });
    } catch {
      reject(new AppError("VALIDATION", "upload: bad multipart", { userMessage: "Envoi invalide : aucun fichier reçu.", details: { reason: "empty" } }));
      return;
    }
    const fields: Record<string, string> = {};
    let file: { fileName: string; chunks: Buffer[] } | undefined;
    let failed = false;
    const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
    const fail = (error: AppError) => {
      if (failed) return;
      failed = true;
      source.unpipe(bb);
      source.destroy();
      reject(error);
    };
    bb.on("field", (name, value) => (fields[name] = value));
    bb.on("file", (_name, stream, info) => {
      // NFC: macOS sends decomposed accents (e + U+0301); HubSpot and staff see one form.
      const current = { fileName: info.filename?.normalize("NFC") || "fichier", chunks: [] as Buffer[] };
      file = current;
      stream.on("data", (chunk: Buffer) => current.chunks.push(chunk));
      stream.on("limit", () =>
        fail(
          new AppError("VALIDATION", "upload: file over limit", {
            userMessage: `Ce fichier est trop lourd : ${formatMegabytes(policy.maxBytes)} au maximum.`,
            details: { reason: "too_large" },
          }),
        ),
      );
    });
    bb.on("error", () => fail(new AppError("VALIDATION", "upload: multipart error", { userMessage: "Envoi interrompu ou invalide. Merci de réessayer.", details: { reason: "empty" } })));
    bb.on("close", () => {
      if (failed) return;
      if (!file) {
        reject(new AppError("VALIDATION", "upload: no file", { userMessage: "Aucun fichier reçu.", details: { reason: "empty" } }));
        return;
      }
      resolve({ fileName: file.fileName, bytes: new Uint8Array(Buffer.concat(file.chunks)), fields });
    });
    source.on("error", () => fail(new AppError("VALIDATION", "upload: stream error", { userMessage: "Envoi interrompu. Merci de réessayer.", details: { reason: "empty" } })));
    source.pipe(bb);
  });
}
