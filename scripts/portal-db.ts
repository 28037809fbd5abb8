import path from "node:path";
import type { DbHandle } from "@/lib/db/client";

/**
 * The portal's database for the HubSpot scripts (setup, check), to read and record pipeline ids.
 * A PostgreSQL server takes several clients. The embedded PGlite takes one process only and a
 * running portal holds it: the scripts then leave it alone (the portal adopts the ids by label,
 * once, on its next read). Imported after the react-server re-exec (lib modules are server-only).
 */
export async function openPortalDb(env: { DATABASE_URL?: string; DATA_DIR: string; PORT: number }): Promise<{ handle?: DbHandle; why?: string }> {
  const { openDb } = await import("@/lib/db/client");
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  if (env.DATABASE_URL) {
    try {
      return { handle: await openDb({ url: env.DATABASE_URL }) };
    } catch (error) {
      return { why: `the database could not be opened (${message(error)})` };
    }
  }
  const portalAnswers = await fetch(`http://127.0.0.1:${env.PORT}/api/health`, { signal: AbortSignal.timeout(1500) })
    .then(() => true)
    .catch(() => false);
  if (portalAnswers) return { why: `a portal is running on port ${env.PORT} and holds the embedded database` };
  try {
    return { handle: await openDb({ dataDir: path.resolve(env.DATA_DIR, "db") }) };
  } catch (error) {
    return { why: `the embedded database could not be opened (${message(error)})` };
  }
}
