import "server-only";
import { NextResponse } from "next/server";
import { requireCustomerForApi, type CustomerSession } from "@/lib/auth/session";
import { isAppError, userMessageOf } from "@/lib/errors";

/**
 * Wraps a customer route handler (PDF downloads, file streams, SSE): re-checks the session,
 * turns AppError into its status with a French JSON body, anything else into a 500 without
 * internals, and marks every answer `no-store` (customer data never sits in a shared cache).
 */
export function customerRoute<P>(
  scope: string,
  handler: (request: Request, ctx: { session: CustomerSession; contactId: string; params: P }) => Promise<Response>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    try {
      const session = await requireCustomerForApi();
      const params = await context.params;
      const response = await handler(request, { session, contactId: session.contactId, params });
      if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "private, no-store");
      return response;
    } catch (error) {
      if (!isAppError(error)) console.error(`[route:${scope}] unexpected error`, error);
      const status = isAppError(error) ? error.status : 500;
      return NextResponse.json(
        { error: userMessageOf(error), code: isAppError(error) ? error.code : "INTERNAL" },
        { status, headers: { "Cache-Control": "private, no-store" } },
      );
    }
  };
}
