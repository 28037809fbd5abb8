import "server-only";
import { createHash } from "node:crypto";

/**
 * The id of the row a keyed request creates, derived from who asks, what for and the form's
 * idempotency key: a repeat of the same request computes the same primary key, so its insert
 * conflicts and the caller returns the first row (no second message, no second outbox row). The
 * contact is part of the hash: the same key from another customer names another row, never theirs.
 * Formatted as a UUID (version 8, "custom") so it fits the columns and routes that expect one.
 */
export function keyedRowId(scope: string, contactId: string, idempotencyKey: string): string {
  const hex = createHash("sha256").update(`${scope}\u0000${contactId}\u0000${idempotencyKey}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
