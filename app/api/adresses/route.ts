import { NextResponse } from "next/server";
import { customerRoute } from "@/lib/auth/customer-route";
import { suggestAddresses } from "@/lib/bookings";
import { isAppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Address suggestions as a signed-in customer types (`?q=12 rue roy`): up to 5 { label, line, zip,
 * city } from the Base Adresse Nationale, France's communes when it cannot answer. Limited per
 * session (429 with Retry-After).
 */
export const GET = customerRoute<Record<string, never>>("address-suggestions", async (request, { session }) => {
  const q = new URL(request.url).searchParams.get("q") ?? "";
  try {
    return NextResponse.json({ suggestions: await suggestAddresses(session, q) });
  } catch (error) {
    if (isAppError(error) && error.code === "RATE_LIMITED") {
      const retryAfter = String(error.details?.retryAfterSeconds ?? 60);
      return NextResponse.json({ error: error.userMessage, code: error.code }, { status: 429, headers: { "Retry-After": retryAfter } });
    }
    throw error;
  }
});
