import { pingDb } from "@/lib/db/client";
import { listPipelines } from "@/lib/hubspot/api";
import { log } from "@/lib/log";

// Readiness: can this instance serve customers? Checks the database and HubSpot (or the sandbox).
// Answers only "ok"/"unavailable" per dependency: no error text, host or stack leaves the server.
export const dynamic = "force-dynamic";

type Status = "ok" | "unavailable";
const CHECK_TIMEOUT_MS = 3000;
// Probes arrive every few seconds from each orchestrator: a success is trusted for a while so that
// readiness never eats into the HubSpot request budget customers need.
const HUBSPOT_OK_TTL_MS = 15_000;
let hubspotOkUntil = 0;

async function check(name: string, probe: () => Promise<unknown>): Promise<Status> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return "ok";
  } catch (error) {
    log.error({ scope: "ready", check: name, err: error }, "dependency unavailable");
    return "unavailable";
  } finally {
    clearTimeout(timer);
  }
}

async function pingHubSpot(): Promise<void> {
  if (Date.now() < hubspotOkUntil) return;
  // One cheap authenticated GET through the data layer (budget, timeout, retries included).
  await listPipelines("tickets");
  hubspotOkUntil = Date.now() + HUBSPOT_OK_TTL_MS;
}

export async function GET(): Promise<Response> {
  const [database, hubspot] = await Promise.all([check("database", pingDb), check("hubspot", pingHubSpot)]);
  const ready = database === "ok" && hubspot === "ok";
  return Response.json(
    { status: ready ? "ready" : "unavailable", database, hubspot },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
