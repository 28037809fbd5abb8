import { clientAddress, readHeader } from "@/lib/client-address";

/**
 * Client IP and locale from request headers. The client IP is lib/client-address's answer: the
 * socket's peer, or the first untrusted hop of X-Forwarded-For when the peer is a TRUSTED_PROXIES
 * entry (a client-sent X-Forwarded-For is never believed otherwise).
 */
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export function clientIp(source: HeaderSource): string {
  return clientAddress(source);
}

/** The UI language chosen by the customer (next-intl's NEXT_LOCALE cookie), French by default. */
export function preferredLocale(source: HeaderSource): "fr" | "en" {
  const cookie = readHeader(source, "cookie") ?? "";
  return /(?:^|;\s*)NEXT_LOCALE=en(?:;|$)/.test(cookie) ? "en" : "fr";
}

export function readCookie(source: HeaderSource, name: string): string | undefined {
  const cookie = readHeader(source, "cookie") ?? "";
  for (const part of cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) {
      try {
        return decodeURIComponent(v.join("="));
      } catch {
        return undefined; // a malformed %-escape is no cookie, not a 500
      }
    }
  }
  return undefined;
}
