import "server-only";
import { NextResponse } from "next/server";
import { requireCustomerForApi, type CustomerSession } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { AppError, isAppError, userMessageOf } from "@/lib/errors";
import { log } from "@/lib/log";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a state-changing request comes from the portal's own pages. The session cookie is
 * SameSite=Lax, which keeps it off a cross-site form post in current browsers; this check does not
 * rely on that (older browsers, a sibling subdomain is "same-site", a future cookie change): a
 * multipart form post is a "simple" request the browser sends without asking. Browsers send `Origin` on every POST; it must be SITE_URL's origin ("null", from sandboxed or
 * privacy-stripped contexts, is refused too). Without it, `Sec-Fetch-Site` must be same-origin
 * or none (a user-typed request); with neither header it is not a browser (curl, tests, the
 * sandbox): nothing ambient to abuse, allowed. Server actions get Next's own Origin check.
 */
export function isSameOriginRequest(request: Request, siteUrl: string): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === new URL(siteUrl).origin;
  const fetchSite = request.headers.get("sec-fetch-site");
  return fetchSite === null || fetchSite === "same-origin" || fetchSite === "none";
}

/**
 * Wraps a customer route handler (PDF downloads, file streams, SSE, uploads): refuses a
 * state-changing request from another site (403, before the session or the body is read),
 * re-checks the session, turns AppError into its status with a French JSON body, anything else into a 500 without
 * internals, and marks every answer `no-store` (customer data never sits in a shared cache).
 */
export function customerRoute<P>(
  scope: string,
  handler: (request: Request, ctx: { session: CustomerSession; contactId: string; params: P }) => Promise<Response>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    try {
      if (!isSameOriginRequest(request, getEnv().SITE_URL)) {
        throw new AppError("FORBIDDEN", `cross-site ${request.method} refused (origin ${request.headers.get("origin")})`, {
          userMessage: "Demande refusée : elle ne vient pas de votre espace client. Rechargez la page et réessayez.",
        });
      }
      const session = await requireCustomerForApi();
      const params = await context.params;
      const response = await handler(request, { session, contactId: session.contactId, params });
      if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "private, no-store");
      return response;
    } catch (error) {
      if (!isAppError(error)) log.error({ route: scope, err: error }, "unexpected error");
      const status = isAppError(error) ? error.status : 500;
      return NextResponse.json(
        { error: userMessageOf(error), code: isAppError(error) ? error.code : "INTERNAL" },
        { status, headers: { "Cache-Control": "private, no-store" } },
      );
    }
  };
}
