import { decode } from "next-auth/jwt";
import { processSingleton } from "@/lib/process/singleton";

/**
 * next-auth's `decode` (HKDF key derivation + JWE decryption) for the session cookie, remembered
 * per token: the same cookie comes back on every page view of a session, and each view decoded
 * it twice (proxy.ts, then the page's session check): ≈ 3 % of a signed-in page's server time.
 *
 * Only tokens that decrypted are remembered (a forged token never matches one: the key is the
 * whole token), until their `exp`; revocation and blocking are still checked against the
 * database on every request (session-core.ts), so remembering the decryption changes nothing there.
 * Bounded (least recently used first out); kept on globalThis because proxy.ts and the app's
 * pages are bundled apart.
 */
const MAX_ENTRIES = 5_000;

interface Entry {
  payload: Readonly<Record<string, unknown>>;
  expiresAtMs: number;
}
type Store = Map<string, Map<string, Entry>>;
/** secret → token → decoded payload (a changed secret, e.g. in tests, never sees another's entries). */
const store = processSingleton<Store>("__duretSessionTokens", () => new Map());

export async function decodeSessionToken(token: string, secret: string): Promise<Readonly<Record<string, unknown>> | null> {
  let bySecret = store.get(secret);
  const now = Date.now();
  const hit = bySecret?.get(token);
  if (hit) {
    bySecret!.delete(token);
    if (hit.expiresAtMs > now) {
      bySecret!.set(token, hit);
      return hit.payload;
    }
    return null;
  }
  const payload = (await decode({ token, secret })) as Record<string, unknown> | null;
  if (!payload) return null;
  const exp = typeof payload.exp === "number" ? payload.exp * 1000 : NaN;
  // Without an expiry it is not remembered (next-auth always sets one).
  if (!Number.isFinite(exp) || exp <= now) return payload;
  if (!bySecret) {
    bySecret = new Map();
    store.set(secret, bySecret);
  }
  bySecret.set(token, { payload: Object.freeze({ ...payload }), expiresAtMs: exp });
  if (bySecret.size > MAX_ENTRIES) bySecret.delete(bySecret.keys().next().value!);
  return payload;
}

/** Tests: forget every decoded token. */
export function clearSessionTokenCache(): void {
  store.clear();
}
