/**
 * Client IP and locale from request headers. The portal runs behind a reverse proxy that must
 * overwrite X-Forwarded-For (a client can send its own): its first entry is then the client.
 */
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function read(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value[0] : value;
}

export function clientIp(source: HeaderSource): string {
  const forwarded = read(source, "x-forwarded-for")?.split(",")[0]?.trim();
  const candidate = forwarded || read(source, "x-real-ip")?.trim() || "";
  // Keep the key small and printable whatever a client sends.
  return /^[0-9a-fA-F:.]{2,45}$/.test(candidate) ? candidate : "unknown";
}

/** The UI language chosen by the customer (next-intl's NEXT_LOCALE cookie), French by default. */
export function preferredLocale(source: HeaderSource): "fr" | "en" {
  const cookie = read(source, "cookie") ?? "";
  return /(?:^|;\s*)NEXT_LOCALE=en(?:;|$)/.test(cookie) ? "en" : "fr";
}

export function readCookie(source: HeaderSource, name: string): string | undefined {
  const cookie = read(source, "cookie") ?? "";
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
