import { z } from "zod";

/**
 * The one rule for email addresses, shared by the forms (browser), sign-in, the account and every
 * notification: no server-only import.
 */

const emailShape = z.email().max(254);

/**
 * How addresses are stored and compared: NFKC first (full-width and compatibility characters must
 * not make two spellings of one address), trimmed, lowercased.
 */
export function normalizeEmail(raw: string): string {
  return raw.normalize("NFKC").trim().toLowerCase();
}

/** The normalised address when it is a valid one (the shape the outbox accepts), else null. */
export function parseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const email = normalizeEmail(raw);
  return emailShape.safeParse(email).success ? email : null;
}
