import { NextResponse, type NextRequest } from "next/server";
import { sessionCookieName } from "@/lib/auth/cookies";
import { isSecureSite, getEnv } from "@/lib/env";
import { buildPageCsp, isPublicPath, newNonce } from "@/lib/auth/csp";
import { hasMalformedEscape, malformedPathResponse } from "@/lib/auth/malformed-path";
import { safeReturnPath } from "@/lib/auth/identity";
import { isWithinLifetime, readSessionClaims } from "@/lib/auth/session-claims";
import { decodeSessionToken } from "@/lib/auth/session-token";

/** Answer without the proxy's headers (they check their own credentials: a token, a signature). */
const PASS_THROUGH = /^\/api\/(health|ready|webhooks|auth)(\/|$)/;

/**
 * Proxy: headers and optimistic redirects only. It never authorizes: every page, server action and
 * route handler checks the session itself (requireCustomer / requireCustomerForApi), with the
 * revocation lists in the database. Here, a missing or expired (1 h) session on a page GET is
 * sent to /connexion?retour=… so the customer comes back to where they were.
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const env = getEnv();
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  const dev = env.NODE_ENV === "development";
  const https = isSecureSite(env.SITE_URL);

  // Before anything reads the path: Next cannot decode it into route parameters (it answered 500).
  if (hasMalformedEscape(pathname)) {
    return malformedPathResponse({ api: isApi, csp: isApi ? null : buildPageCsp(newNonce(), { dev, https }) });
  }
  // Endpoints that answer without a session, page CSP or added headers (health checks, HubSpot
  // webhooks, next-auth itself): the proxy runs on them only for the check above.
  if (PASS_THROUGH.test(pathname)) return NextResponse.next();

  if (!isApi && !isPublicPath(pathname) && (request.method === "GET" || request.method === "HEAD")) {
    const token = request.cookies.get(sessionCookieName(env.SITE_URL))?.value;
    if (!(await hasLiveSession(token, env.authSecret))) {
      const target = new URL("/connexion", env.SITE_URL);
      target.searchParams.set("retour", safeReturnPath(`${pathname}${search}`));
      const response = NextResponse.redirect(target, 307);
      response.headers.set("Cache-Control", "no-store");
      return response;
    }
  }

  const requestHeaders = new Headers(request.headers);
  // Set here, never trusted from the client: server components read them.
  requestHeaders.set("x-pathname", pathname);
  requestHeaders.set("x-return-to", `${pathname}${search}`);
  if (isApi) return NextResponse.next({ request: { headers: requestHeaders } });

  const nonce = newNonce();
  const csp = buildPageCsp(nonce, { dev, https });
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  // Pages show personal data (or sign-in secrets): never stored by the browser or a proxy.
  response.headers.set("Cache-Control", "private, no-store");
  return response;
}

async function hasLiveSession(token: string | undefined, secret: string | undefined): Promise<boolean> {
  if (!token || !secret) return false;
  try {
    const payload = await decodeSessionToken(token, secret);
    const claims = readSessionClaims(payload);
    return claims !== null && isWithinLifetime(claims.signedInAt, Date.now());
  } catch {
    return false;
  }
}

export const config = {
  matcher: [
    // Everything but Next's build assets and the favicon: every HTML answer gets the nonce CSP,
    // whatever its path looks like ("/documents/x.json", "/rendez-vous.txt" are pages too). The
    // portal serves no public/ folder; a file added there must be excluded here by its path.
    "/((?!_next/static/|_next/image|_next/webpack-hmr|favicon\\.ico$).*)",
  ],
};
