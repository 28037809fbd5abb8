import "server-only";
import { installPeerAddressHeader } from "@/lib/client-address";
import { closeDb } from "@/lib/db/client";
import { startProcessOutboxWorker, stopProcessOutboxWorker } from "@/lib/outbox/process";
// Outbox handlers of every domain and the webhook → live-update bridge, before the worker starts.
import "@/lib/server/register";
import { installShutdownHandlers } from "@/lib/server/shutdown";

// First: every request carries its socket's address in a header no client can forge (lib/client-address).
installPeerAddressHeader();

// PGlite must be closed before the process exits: a process that dies with it open can leave its
// data directory unrecoverable. The database itself is opened lazily by the first request that needs it.
// The outbox worker stops first: its last pass must record its outcomes before the database closes
// (closers run in parallel, so the order is inside this one closer).
installShutdownHandlers([
  async () => {
    await stopProcessOutboxWorker();
    await closeDb();
  },
]);

// Delivers emails, SMS and HubSpot writes (OUTBOX_WORKER=on, the default).
startProcessOutboxWorker();
