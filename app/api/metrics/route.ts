import { metricsAccess, renderMetrics } from "@/lib/server/metrics";

// Prometheus scrape endpoint: loopback, or `Authorization: Bearer $METRICS_TOKEN` (lib/server/metrics.ts).
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const access = metricsAccess(request.headers);
  // The same answer as an unknown API address (app/api/[...inconnu]): nothing tells the route exists.
  if (access === "not-found") {
    return Response.json({ error: "Cette adresse d'API n'existe pas.", code: "NOT_FOUND" }, { status: 404, headers: { "Cache-Control": "no-store" } });
  }
  if (access === "unauthorized") {
    return Response.json({ error: "Unauthorized" }, { status: 401, headers: { "Cache-Control": "no-store", "WWW-Authenticate": "Bearer" } });
  }
  const { contentType, body } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
