import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * Sensitive outbox payloads (sign-in links and codes) are sealed with AES-256-GCM under a key
 * derived from AUTH_SECRET, so a database dump or backup never holds a usable link or code.
 * Format: "v1.<iv>.<ciphertext>.<tag>" (base64url); the row id is bound as associated data so a
 * sealed payload cannot be moved onto another row.
 */
const VERSION = "v1";
const INFO = "duret-portal outbox payload v1";

let cachedKey: { secret: string; key: Buffer } | undefined;
function payloadKey(): Buffer {
  const secret = getEnv().authSecret;
  if (!secret) throw new Error("AUTH_SECRET is required to seal sensitive outbox payloads");
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "outbox", INFO, 32)) };
  }
  return cachedKey.key;
}

export function sealPayload(value: unknown, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", payloadKey(), iv);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function openPayload(sealed: string, associatedData: string): unknown {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error("Unknown sealed payload format");
  const [, iv, ciphertext, tag] = parts as [string, string, string, string];
  const decipher = createDecipheriv("aes-256-gcm", payloadKey(), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
  return JSON.parse(plain.toString("utf8"));
}
