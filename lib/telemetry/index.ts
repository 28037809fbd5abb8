import { ROOT_CONTEXT, SpanStatusCode, context, trace, type Attributes, type Span } from "@opentelemetry/api";
import { withoutLogContext } from "@/lib/log";

/**
 * Spans around the portal's own work, beside the ones Next.js makes for each page and route.
 * Without a registered tracer provider (tracing off, the default) they cost a no-op call.
 *
 * Attributes are ids, counts and codes only, never personal data (no email, phone, name, address,
 * token or code).
 *
 * Where spans are: each dashboard section (lib/dashboard), each HubSpot call with its retries
 * (lib/hubspot/call.ts), the database work around it — the shared cache's read when the process's
 * memory copy misses (lib/hubspot/cache.ts) and the budget's transaction (lib/hubspot/budget.ts) —
 * and each outbox job (lib/outbox/worker.ts). One span per SQL query would drown the traces.
 */
export const TRACER_NAME = "duret-portal";

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

/** Runs `fn` inside a span named `name` (child of the active one); a throw marks the span as an error. */
export function traced<T>(name: string, fn: (span: Span) => Promise<T>, attributes?: Attributes): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      const code = (error as { code?: unknown } | null)?.code;
      span.setAttribute("error.type", typeof code === "string" ? code : error instanceof Error ? error.name : "unknown");
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Runs `fn` outside the current request: its spans start new traces and its log lines carry no
 * request id. For background work a request only set going (the outbox worker it woke), which
 * would otherwise inherit the request's context through the timers it creates.
 */
export function outsideRequest<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, () => withoutLogContext(fn));
}
