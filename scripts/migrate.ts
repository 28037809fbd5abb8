// Applies pending migrations to the configured database (PGlite under .data/db or DATABASE_URL).
import { loadEnvConfig } from "@next/env";
loadEnvConfig(process.cwd());
const { getDbHandle, closeDb } = await import("@/lib/db/client");
const handle = await getDbHandle();
console.log(`migrations applied (${handle.kind})`);
await closeDb();
