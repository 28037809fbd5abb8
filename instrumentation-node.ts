import "server-only";
import { installPeerAddressHeader } from "@/lib/client-address";
import { closeDb } from "@/lib/db/client";
import { installRequestIdHook } from "@/lib/log/request-id";
import { startProcessOutboxWorker, stopProcessOutboxWorker } from "@/lib/outbox/process";
// Outbox handlers of every domain and the webhook → live-update bridge, before the worker starts.
import "@/lib/server/register";
import { installShutdownHandlers } from "@/lib/server/shutdown";
import { startTracing } from "@/lib/telemetry/node";

// First: every request carries its socket's address in a header no client can forge (lib/client-address).
installPeerAddressHeader();
// Each request's id (x-request-id) on its log lines and in its answer (lib/log/request-id.ts).
installRequestIdHook();
// Traces over OTLP/HTTP when an endpoint is configured (off by default).
const tracing = startTracing();

// PGlite must be closed before the process exits: a process that dies with it open can leave its
// data directory unrecoverable. The database itself is opened lazily by the first request that needs it.
// The outbox worker stops first: its last pass must record its outcomes before the database closes
// (closers run in parallel, so the order is inside this one closer).
installShutdownHandlers([
  async () => {
    await stopProcessOutboxWorker();
    await closeDb();
  },
  // The spans still buffered are sent before the process exits.
  async () => {
    await tracing?.shutdown();
  },
]);

// Delivers emails, SMS and HubSpot writes (OUTBOX_WORKER=on, the default).
startProcessOutboxWorker();

// France's communes (lib/geo: ≈ 1.4 s of parsing on this 2-core machine, bench/README.md) load once,
// just after start, so that no customer's first address check pays for it.
setTimeout(() => {
  void import("@/lib/geo").then(({ communeIndex }) => communeIndex()).catch(() => {});
}, 0).unref();
