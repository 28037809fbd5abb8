import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, eq, gte, inArray, isNull, lt } from "drizzle-orm";
import { getDb, type Db } from "@/lib/db/client";
import { portalUploads } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { ValidatedUpload } from "./validate-upload";

/**
 * Validated uploads wait in `portal_uploads` (shared by instances) until the feature that uses
 * them attaches them to a row and the outbox sends them to HubSpot Files.
 */
export interface StoredUpload {
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
}

/** Uploads per customer per hour: generous for a few messages, a wall for a script. */
export const MAX_UPLOADS_PER_HOUR = 40;
/** Uploads never attached to a message are dropped after a day. */
const ORPHAN_AFTER_MS = 24 * 3600_000;

export async function storeUpload(contactId: string, purpose: string, upload: ValidatedUpload, db?: Db): Promise<StoredUpload> {
  const id = randomUUID();
  const database = db ?? (await getDb());
  const [recent] = await database
    .select({ n: count() })
    .from(portalUploads)
    .where(and(eq(portalUploads.contactId, contactId), gte(portalUploads.createdAt, new Date(Date.now() - 3600_000))));
  if ((recent?.n ?? 0) >= MAX_UPLOADS_PER_HOUR) {
    throw new AppError("RATE_LIMITED", `uploads: ${recent?.n} in the last hour for ${contactId}`, {
      userMessage: "Trop de fichiers envoyés en peu de temps. Merci de réessayer dans une heure.",
    });
  }
  await database.delete(portalUploads).where(and(isNull(portalUploads.attachedTo), lt(portalUploads.createdAt, new Date(Date.now() - ORPHAN_AFTER_MS))));
  await database.insert(portalUploads).values({
    id,
    contactId,
    purpose,
    fileName: upload.fileName,
    mimeType: upload.mimeType,
    size: upload.bytes.byteLength,
    width: upload.width,
    height: upload.height,
    bytes: upload.bytes,
  });
  return { id, fileName: upload.fileName, mimeType: upload.mimeType, size: upload.bytes.byteLength };
}

/**
 * Marks the customer's own, not yet used uploads as attached to `ownerId` (inside the caller's
 * transaction). Any id that is not theirs, unknown or already used: VALIDATION, nothing attached.
 */
export async function attachUploads(tx: Db, contactId: string, purpose: string, uploadIds: readonly string[], ownerId: string): Promise<StoredUpload[]> {
  if (uploadIds.length === 0) return [];
  const unique = [...new Set(uploadIds)];
  const rows = await tx
    .update(portalUploads)
    .set({ attachedTo: ownerId })
    .where(and(inArray(portalUploads.id, unique), eq(portalUploads.contactId, contactId), eq(portalUploads.purpose, purpose), isNull(portalUploads.attachedTo)))
    .returning({ id: portalUploads.id, fileName: portalUploads.fileName, mimeType: portalUploads.mimeType, size: portalUploads.size });
  if (rows.length !== unique.length) {
    throw new AppError("VALIDATION", `uploads not attachable: ${unique.length - rows.length} of ${unique.length}`, {
      userMessage: "Une pièce jointe a expiré ou n'est plus disponible. Merci de la joindre de nouveau.",
    });
  }
  return unique.map((id) => rows.find((r) => r.id === id)!);
}
