// Applies pending migrations to the configured database (PGlite under .data/db or DATABASE_URL).
// @next/env is CommonJS: its named exports are not visible to Node's ESM loader.
import nextEnv from "@next/env";
nextEnv.loadEnvConfig(process.cwd());
const { getDbHandle, closeDb } = await import("@/lib/db/client");
const handle = await getDbHandle();
console.log(`migrations applied (${handle.kind})`);
await closeDb();
