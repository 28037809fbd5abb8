import { isSecureSite } from "@/lib/env";

/**
 * The console's cookies, apart from the customer's (lib/auth/cookies.ts): `__Host-` prefixed over
 * https (Secure, path /, no Domain), plain names on local http for the same reasons as there.
 */
function name(siteUrl: string, base: string): string {
  return isSecureSite(siteUrl) ? `__Host-${base}` : base;
}

export function staffSessionCookieName(siteUrl: string): string {
  return name(siteUrl, "duret.staff");
}

/** Between the link and the authenticator code (the browser that opened the link). */
export function staffPendingCookieName(siteUrl: string): string {
  return name(siteUrl, "duret.staff-2fa");
}

export function staffCookieOptions(siteUrl: string): { httpOnly: true; sameSite: "lax"; path: "/"; secure: boolean } {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: isSecureSite(siteUrl) };
}
