import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { fileSignedUrl, readFile } from "./api";
import { CACHE_TTL, cacheTags, cached } from "./cache";
import { HubSpotTimeoutError } from "./call";
import { toFileRef } from "./mappers";
import { listCustomerFileIds } from "./queries";
import type { FileRef } from "@/lib/model/types";

/**
 * Files (photos, reports, signed PDFs) are private in HubSpot. HubSpot knows no file ownership:
 * a customer may only reach a file referenced by one of their own objects, which callers check
 * with assertFileBelongsToCustomer before getFileMeta / downloadFile.
 */

export async function getFileMeta(fileId: string): Promise<FileRef> {
  if (!/^\d{1,20}$/.test(fileId)) throw new AppError("NOT_FOUND", "Invalid file id");
  const file = await cached({ key: `file:${fileId}`, tags: [cacheTags.file(fileId)], ttlSeconds: CACHE_TTL.reference }, () => readFile(fileId));
  return toFileRef(file);
}

/** NOT_FOUND unless the file is referenced by the customer's interventions, quotes or visible notes. */
export async function assertFileBelongsToCustomer(contactId: string, fileId: string): Promise<void> {
  if (!/^\d{1,20}$/.test(fileId) || !(await listCustomerFileIds(contactId)).has(fileId)) {
    throw new AppError("NOT_FOUND", `File ${fileId} is not referenced by customer ${contactId}`);
  }
}

export interface DownloadedFile {
  file: FileRef;
  body: ReadableStream<Uint8Array>;
  contentType: string;
  size: number | null;
}

/**
 * The file's bytes, streamed from a short-lived signed URL (never handed to the browser).
 * Ownership is the caller's job (assertFileBelongsToCustomer).
 */
export async function downloadFile(fileId: string): Promise<DownloadedFile> {
  const [file, url] = await Promise.all([getFileMeta(fileId), fileSignedUrl(fileId)]);
  const timeoutMs = getEnv().HUBSPOT_MAX_WAIT_MS;
  let response: Response;
  try {
    // The CDN behind a signed URL is not the API: no budget, but the same bound on waiting.
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new AppError("UPSTREAM_UNAVAILABLE", `File ${fileId}: download failed`, {
      cause: error instanceof DOMException && error.name === "TimeoutError" ? new HubSpotTimeoutError(timeoutMs) : error,
    });
  }
  if (response.status === 404) throw new AppError("NOT_FOUND", `File ${fileId}: bytes not found`);
  if (!response.ok || !response.body) throw new AppError("UPSTREAM_UNAVAILABLE", `File ${fileId}: download answered ${response.status}`);
  const length = Number(response.headers.get("content-length"));
  return {
    file,
    body: response.body,
    contentType: file.mimeType ?? response.headers.get("content-type") ?? "application/octet-stream",
    size: Number.isFinite(length) && length > 0 ? length : file.size,
  };
}
