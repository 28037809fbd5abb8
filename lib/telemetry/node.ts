import "server-only";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/process/singleton";

/**
 * Traces, when asked for: OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) set, or
 * OTEL_TRACES_EXPORTER=otlp. Off by default. Spans go over OTLP/HTTP (JSON) to a collector; the
 * exporter reads OpenTelemetry's usual variables itself (endpoint, headers, timeout). Registering a
 * global tracer provider is all Next.js needs for its own spans (each page, route, fetch); the
 * portal's spans (lib/telemetry) land in the same traces.
 *
 * The OpenTelemetry SDK packages are used directly (NodeTracerProvider) rather than @vercel/otel:
 * the same result with fewer packages, and the SDK's 2.x line supports Node 20 (its 3.x needs 22).
 */
export function tracingWanted(env = getEnv()): boolean {
  if (env.OTEL_TRACES_EXPORTER === "none") return false;
  return env.OTEL_TRACES_EXPORTER === "otlp" || Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Registers the process's tracer provider with `exporter` (tests: an in-memory one). */
export function registerTracing(exporter: SpanExporter, options: { batch?: boolean } = {}): NodeTracerProvider {
  const env = getEnv();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME }),
    spanProcessors: [options.batch === false ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return provider;
}

/** Once per process (instrumentation-node.ts); returns the provider to shut down, if tracing is on. */
export function startTracing(): NodeTracerProvider | undefined {
  if (!tracingWanted()) return undefined;
  return processSingleton("__duretTracing", () => {
    const provider = registerTracing(new OTLPTraceExporter());
    log.info({ scope: "telemetry", serviceName: getEnv().OTEL_SERVICE_NAME }, "traces exported over OTLP/HTTP");
    return provider;
  });
}
