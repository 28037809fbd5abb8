import { NextResponse } from "next/server";

/**
 * Unknown API addresses: a JSON 404 (without this, the page catch-all app/(portal)/[...inconnu]
 * would answer them with HTML, or a sign-in redirect). Next derives HEAD from GET and answers
 * OPTIONS itself; other methods get 405.
 */
function unknownEndpoint(): Response {
  return NextResponse.json({ error: "Cette adresse d'API n'existe pas.", code: "NOT_FOUND" }, { status: 404, headers: { "Cache-Control": "no-store" } });
}

export const GET = unknownEndpoint;
export const POST = unknownEndpoint;
