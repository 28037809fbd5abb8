import "server-only";
import { closeDb } from "@/lib/db/client";
import { installShutdownHandlers } from "@/lib/server/shutdown";

// PGlite must be closed before the process exits, or its data directory is lost
// (stack-spike.md #7). The database itself is opened lazily by the first request that needs it.
installShutdownHandlers([closeDb]);
