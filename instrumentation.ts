import type { Instrumentation } from "next";

// Next.js calls register() once per server process, before serving requests.
// Node-only work lives in instrumentation-node.ts so the edge bundle never sees it.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./instrumentation-node");
  }
}

/**
 * A server error of a page, route, action or the proxy, as one JSON line (lib/log) with its digest
 * (the reference the error page shows the customer) and request id. The route's pattern is logged,
 * never the path itself: paths carry tokens (/rdv/[token], /avis/[token]).
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { log } = await import("@/lib/log");
  const requestId = request.headers["x-request-id"];
  log.error(
    {
      scope: "next",
      err: error,
      digest: (error as { digest?: unknown } | null)?.digest,
      requestId: typeof requestId === "string" ? requestId : undefined,
      method: request.method,
      route: context.routePath,
      routeType: context.routeType,
    },
    "request failed",
  );
};
