import { createHash, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  digitCodeMatches as smsCodeMatches,
  hashDigitCode as hashSmsCode,
  hashLinkToken,
  linkTokenMatches,
  newDigitCode as newSmsCode,
  newLinkToken,
} from "@/lib/one-time-code";

describe("sign-in secrets", () => {
  it("link tokens carry 256 random bits and only their SHA-256 is kept", () => {
    const token = newLinkToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newLinkToken()).not.toBe(token);
    const stored = hashLinkToken(token);
    expect(stored).not.toContain(token);
    // An independent SHA-256 of the token.
    expect(Buffer.from(stored, "base64url").toString("hex")).toBe(
      createHash("sha256").update(token).digest("hex"),
    );
    expect(linkTokenMatches(token, stored)).toBe(true);
    expect(linkTokenMatches(newLinkToken(), stored)).toBe(false);
  });

  it("codes are 6 digits, spread over the whole range", () => {
    const codes = Array.from({ length: 300 }, newSmsCode);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(290);
    expect(codes.some((c) => c.startsWith("0"))).toBe(true);
  });

  it("codes are stored as salted scrypt hashes that only the right code matches", async () => {
    const a = await hashSmsCode("123456");
    const b = await hashSmsCode("123456");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toContain("123456");
    expect(a).not.toBe(b); // salted
    expect(await smsCodeMatches("123456", a)).toBe(true);
    expect(await smsCodeMatches("123457", a)).toBe(false);
    expect(await smsCodeMatches("123456", "garbage")).toBe(false);
  });

  it("checking a code is slow enough to hurt brute force on a stolen database (scrypt N = 2^14, r = 8: 16 MiB a guess)", async () => {
    // What a guess costs is set by the stored parameters (the same on any machine), not by a timing.
    const stored = await hashSmsCode("000000");
    const [, n, r, p, salt, key] = stored.split("$");
    expect(Number(n)).toBeGreaterThanOrEqual(2 ** 14);
    expect(Number(n) * Number(r) * 128).toBeGreaterThanOrEqual(16 * 1024 * 1024); // memory per guess
    // The stored key really is that scrypt of the code (not a cheaper hash labelled so)…
    const params = { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 };
    expect(scryptSync("000000", Buffer.from(salt!, "base64url"), 32, params).toString("base64url")).toBe(key);
    // …and checking a guess runs that scrypt again.
    expect(await smsCodeMatches("000000", stored)).toBe(true);
    expect(await smsCodeMatches("111111", stored)).toBe(false);
  });
});
