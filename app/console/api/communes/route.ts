import { NextResponse } from "next/server";
import { searchCommunes } from "@/lib/geo";
import { staffRoute } from "@/lib/staff";

export const dynamic = "force-dynamic";

/**
 * Commune suggestions for the console's service-area form (staff only: any signed-in member):
 * `?q=` a name start or a postcode prefix, at most 10 answers, biggest towns first.
 */
export const GET = staffRoute<Record<string, never>>(undefined, "console.communes", async (request) => {
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 80);
  const communes = searchCommunes(q, 10).map((c) => ({ code: c.code, name: c.name, postalCodes: [...c.postcodes], departement: c.departement }));
  return NextResponse.json({ communes });
});
