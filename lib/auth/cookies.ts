/**
 * Cookie names and options for next-auth. The session, CSRF and callback cookies use the `__Host-`
 * prefix (Secure, path /, no Domain) whenever the site is served over https.
 * On local http they use plain names without Secure: a `__Host-` cookie must be Secure, and while
 * Debian's Chromium does accept Secure and `__Host-` cookies from http://localhost and
 * http://127.0.0.1 (checked by hand: set and sent back), Safari refuses Secure cookies over plain
 * http, and a demo on a LAN address (http://192.168.…) would lose them in every browser.
 */
import { isSecureSite } from "@/lib/env";
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
