// Liveness: the process answers. Touches no dependency, so an outage of HubSpot or the database
// never makes an orchestrator restart healthy instances.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
