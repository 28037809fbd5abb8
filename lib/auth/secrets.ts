import "server-only";
import { createHash } from "node:crypto";

// The secrets of sign-in attempts (link tokens, 6-digit codes) are made and checked by lib/one-time-code.

/** Rate-limit keys and logs never hold an email or phone number in clear. */
export function identityKey(identity: string): string {
  return createHash("sha256").update(`sign-in:${identity}`, "utf8").digest("base64url").slice(0, 32);
}
