import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const decodeCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock("next-auth/jwt", async (importOriginal) => {
  const original = await importOriginal<typeof import("next-auth/jwt")>();
  return {
    ...original,
    decode: (async (params: Parameters<typeof original.decode>[0]) => {
      decodeCalls.count++;
      return original.decode(params);
    }) as typeof original.decode,
  };
});

import { encode } from "next-auth/jwt";
import { clearSessionTokenCache, decodeSessionToken } from "@/lib/auth/session-token";

const SECRET = "session-token-test-secret-0123456789abcdef";
const claims = { sub: "10001", contactId: "10001", sessionId: "s-token-test", signedInAt: Date.now(), channel: "email", identity: "camille.martin@example.fr", locale: "fr" };

describe("decoded session cookies are remembered per token until their expiry", () => {
  beforeEach(() => {
    clearSessionTokenCache();
    decodeCalls.count = 0;
  });
  afterEach(() => vi.useRealTimers());

  it("decodes a token once, then answers the same claims without decrypting again", async () => {
    const token = await encode({ token: claims, secret: SECRET, maxAge: 3600 });
    const first = await decodeSessionToken(token, SECRET);
    const second = await decodeSessionToken(token, SECRET);
    expect(first).toMatchObject({ contactId: "10001", sessionId: "s-token-test" });
    expect(second).toEqual(first);
    expect(decodeCalls.count).toBe(1);
    // The remembered payload cannot be changed by a caller.
    expect(Object.isFrozen(second)).toBe(true);
  });

  it("a forged token (one character changed) is refused every time and never remembered", async () => {
    const token = await encode({ token: claims, secret: SECRET, maxAge: 3600 });
    const i = token.length - 5;
    const forged = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
    await expect(decodeSessionToken(forged, SECRET)).rejects.toThrow();
    await expect(decodeSessionToken(forged, SECRET)).rejects.toThrow();
    expect(decodeCalls.count).toBe(2);
  });

  it("another secret does not see a token remembered under the first one", async () => {
    const token = await encode({ token: claims, secret: SECRET, maxAge: 3600 });
    expect(await decodeSessionToken(token, SECRET)).not.toBeNull();
    await expect(decodeSessionToken(token, `${SECRET}-rotated`)).rejects.toThrow();
    expect(decodeCalls.count).toBe(2);
  });

  it("a remembered token stops answering at its expiry", async () => {
    const token = await encode({ token: claims, secret: SECRET, maxAge: 60 });
    expect(await decodeSessionToken(token, SECRET)).not.toBeNull();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await decodeSessionToken(token, SECRET)).toBeNull();
    expect(decodeCalls.count).toBe(1);
  });
});
