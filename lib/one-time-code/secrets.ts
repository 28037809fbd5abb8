import "server-only";
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from "node:crypto";

/**
 * The secrets of one-time codes. A link token has 256 random bits: a fast SHA-256 is enough (nothing
 * to brute-force). A 6-digit code has 20 bits: it is stored only as a salted scrypt hash, so a copy
 * of the database does not give away live codes in a few microseconds each. Both compare in
 * constant time.
 */

/** The id of a stored code (an attempt, a verification): 144 random bits, URL-safe. */
export function newCodeId(): string {
  return randomBytes(18).toString("base64url");
}

export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

export function linkTokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashLinkToken(token));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** 000000–999999, uniformly, from the CSPRNG. */
export function newDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

// scrypt N=2^14, r=8, p=1 (~50 ms on this hardware; 16 MiB), 16-byte salt, 32-byte key.
const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scryptAsync(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEYLEN, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$key`: the parameters travel with the hash, so a later change keeps old rows valid. */
export async function hashDigitCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(code, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function digitCodeMatches(code: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await scryptAsync(code, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** How a kind of secret is made, stored and checked: each table keeps the scheme its rows were written with. */
export interface CodeScheme {
  readonly name: "digits" | "link";
  generate(): string;
  hash(secret: string): Promise<string>;
  matches(secret: string, storedHash: string): Promise<boolean>;
}

/** 6 digits typed by a person (SMS or email), scrypt-hashed. */
export const digitCodes: CodeScheme = {
  name: "digits",
  generate: newDigitCode,
  hash: hashDigitCode,
  matches: digitCodeMatches,
};

/** A 256-bit token carried by a link, SHA-256-hashed. */
export const linkTokens: CodeScheme = {
  name: "link",
  generate: newLinkToken,
  hash: async (token) => hashLinkToken(token),
  matches: async (token, storedHash) => linkTokenMatches(token, storedHash),
};
