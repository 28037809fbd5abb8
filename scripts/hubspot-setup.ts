/**
 * `npm run hubspot:setup`: creates the portal's custom properties and pipelines in the configured
 * HubSpot account (HUBSPOT_ACCESS_TOKEN; without it, the local sandbox). Idempotent: run it again
 * after upgrades. Logic and tests: lib/hubspot/setup.ts.
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
const { runHubSpotSetup } = await import("@/lib/hubspot/setup");
const { configureHubSpotCall } = await import("@/lib/hubspot/call");

// The script must not open the portal's database (a running portal may hold the embedded
// PGlite), so it paces itself instead of using the shared budget: 5 requests/s stays far below
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
try {
  const report = await runHubSpotSetup({ log: (line) => console.log(`  ${line}`) });
  if (report.unchanged) console.log("Nothing to create: the account already has every property and pipeline.");
  else console.log(`Created ${report.created.length} item(s).`);
  if (report.mismatches.length > 0) {
    console.log(`${report.mismatches.length} existing propert${report.mismatches.length > 1 ? "ies have" : "y has"} another type than expected; fix by hand in HubSpot.`);
    process.exitCode = 2;
  }
} catch (error) {
  console.error("HubSpot setup failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
