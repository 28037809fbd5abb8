/**
 * `npm run hubspot:check`: verifies the connected HubSpot account (HUBSPOT_ACCESS_TOKEN; without
 * it, the local sandbox) end to end and prints a table (step, result, detail): token scopes,
 * pipelines and properties, create + read + search + archive of a test contact, ticket, meeting,
 * note and file, quotes and invoices readable. It removes what it created, also on failure.
 * Exit code 0: every step passed; 1: a step failed. Logic and tests: lib/hubspot/check.ts.
 */
import { spawnSync } from "node:child_process";
// @next/env is CommonJS: its named exports are not visible to Node's ESM loader.
import nextEnv from "@next/env";

// lib/hubspot modules are `server-only` (see scripts/hubspot-setup.ts): re-run with react-server.
if (!process.execArgv.some((a) => a.includes("react-server"))) {
  const result = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}

nextEnv.loadEnvConfig(process.cwd());
const { getEnv } = await import("@/lib/env");
const { formatCheckTable, runHubSpotCheck } = await import("@/lib/hubspot/check");
const { readRecordedPipelines } = await import("@/lib/hubspot/pipelines");
const { configureHubSpotCall } = await import("@/lib/hubspot/call");
const { openPortalDb } = await import("./portal-db");

// Paced like setup, off the portal's shared budget: 5 requests/s, 20 s per call.
let nextSlot = 0;
configureHubSpotCall({
  maxWaitMs: 20_000,
  acquire: async () => {
    const now = Date.now();
    const wait = Math.max(0, nextSlot - now);
    nextSlot = Math.max(now, nextSlot) + 200;
    await new Promise((resolve) => setTimeout(resolve, wait));
  },
});

const env = getEnv();
console.log(`HubSpot check against ${env.sandbox ? `the local sandbox (${env.hubspotBasePath})` : env.hubspotBasePath}`);
const { handle, why } = await openPortalDb(env);
let recorded: Awaited<ReturnType<typeof readRecordedPipelines>> | undefined;
try {
  recorded = handle ? await readRecordedPipelines(handle.db) : undefined;
} finally {
  await handle?.close();
}
if (!handle) console.log(`Recorded pipeline ids not read: ${why}; pipelines are found by label.`);
// The search index may lag a new object by "a few moments": wait up to 4× the configured lag.
const report = await runHubSpotCheck({
  recorded,
  searchDeadlineMs: Math.max(30_000, 4 * env.HUBSPOT_SEARCH_LAG_MS),
  log: (row) => console.log(`  … ${row.step}: ${row.result}`),
});
console.log("");
for (const line of formatCheckTable(report.rows)) console.log(line);
console.log(report.ok ? "\nHubSpot check passed." : "\nHubSpot check FAILED: see the rows marked FAIL.");
process.exitCode = report.ok ? 0 : 1;
