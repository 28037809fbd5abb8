import { connection } from "next/server";
import { getEnv } from "@/lib/env";

/**
 * Tells everyone, on every page, that the data is fictitious and HubSpot is simulated locally.
 * Decided per request, never at build time: a page prerendered by a build without credentials
 * (the 404 page, for instance) must not carry the banner into a production run with real HubSpot.
 */
export async function DemoBanner() {
  await connection();
  if (!getEnv().sandbox) return null;
  return (
    <div role="note" aria-label="Mode démo" className="bg-volt-400 px-4 py-2 text-center text-sm font-medium text-brand-900">
      Démo : données fictives, HubSpot simulé en local
    </div>
  );
}
