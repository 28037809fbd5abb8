/**
 * `npm run hubspot:setup`: creates the portal's pipelines and custom properties in the configured
 * HubSpot account (HUBSPOT_ACCESS_TOKEN; without it, the local sandbox), one line per step, and
 * records the pipeline and stage ids in the portal's database. Idempotent: run it again after
 * upgrades. Exit code 0: complete; 1: a step was refused or failed; 2: a property has another type.
 * Logic and tests: lib/hubspot/setup.ts.
 */
import { spawnSync } from "node:child_process";
// @next/env is CommonJS: its named exports are not visible to Node's ESM loader.
import nextEnv from "@next/env";

// lib/hubspot modules are marked `server-only`, which resolves to an empty module only under the
// react-server condition (as inside Next.js): re-run ourselves with it when it is missing.
if (!process.execArgv.some((a) => a.includes("react-server"))) {
  const result = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}

nextEnv.loadEnvConfig(process.cwd());
const { getEnv } = await import("@/lib/env");
const { recordSetupIds, runHubSpotSetup, summarizeSetup } = await import("@/lib/hubspot/setup");
const { readRecordedPipelines } = await import("@/lib/hubspot/pipelines");
const { openPortalDb } = await import("./portal-db");
const { configureHubSpotCall } = await import("@/lib/hubspot/call");

// The script does not use the portal's shared budget (it would hold the embedded PGlite, which a
// running portal may need, for the whole run), so it paces itself: 5 requests/s stays far below
// HubSpot's limits even next to a busy portal. Setup calls are slow-but-sure: 20 s per call.
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
console.log(`HubSpot setup against ${env.sandbox ? `the local sandbox (${env.hubspotBasePath})` : env.hubspotBasePath}`);

const { handle, why } = await openPortalDb(env);
try {
  const recorded = handle ? await readRecordedPipelines(handle.db) : undefined;
  if (!handle) console.log(`Recorded pipeline ids not read: ${why}; pipelines are found by label.`);
  const report = await runHubSpotSetup({ log: (line) => console.log(`  ${line}`), recorded });
  for (const line of summarizeSetup(report)) console.log(line);
  if (handle) {
    await recordSetupIds(handle.db, report.ids);
    console.log(`Pipeline and stage ids recorded in the portal's database (${handle.kind}).`);
  } else {
    console.log(`Pipeline and stage ids NOT recorded (${why}); the portal adopts them by label on its next read:`);
    for (const [key, entry] of Object.entries(report.ids)) {
      console.log(`  ${key}: ${entry.pipelineId}; ${Object.entries(entry.stages).map(([stage, id]) => `${stage}=${id}`).join(", ")}`);
    }
  }
  if (report.refused.length > 0) process.exitCode = 1;
  else if (report.mismatches.length > 0) process.exitCode = 2;
} catch (error) {
  console.error("HubSpot setup failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await handle?.close();
}
