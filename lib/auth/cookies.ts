/**
 * Cookie names and options for next-auth. The session cookie uses the `__Host-` prefix
 * (Secure, path /, no Domain) whenever the site is served over https. On local http the prefix
 * cannot be used: browsers only accept `__Host-` cookies with the Secure flag, and Secure cookies
 * over plain http are refused by Firefox/Safari (Chromium alone makes an exception for localhost).
 * So local http uses plain names without Secure; every https deployment gets `__Host-`.
 */
export function isSecureSite(siteUrl: string): boolean {
  return new URL(siteUrl).protocol === "https:";
}

function name(siteUrl: string, base: string): string {
  return isSecureSite(siteUrl) ? `__Host-${base}` : base;
}

export function sessionCookieName(siteUrl: string): string {
  return name(siteUrl, "duret.session");
}

export function csrfCookieName(siteUrl: string): string {
  return name(siteUrl, "duret.csrf");
}

export function callbackCookieName(siteUrl: string): string {
  return name(siteUrl, "duret.callback");
}

export interface CookieOptions {
  httpOnly: boolean;
  sameSite: "lax";
  path: "/";
  secure: boolean;
}

export function cookieOptions(siteUrl: string): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: isSecureSite(siteUrl) };
}

/** The SMS sign-in attempt this browser started: binds the code to the browser that asked for it. */
export function attemptCookieName(siteUrl: string): string {
  return name(siteUrl, "duret.signin-attempt");
}
