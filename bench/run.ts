/**
 * `npm run bench [-- name...]`: runs the benchmarks, prints figures and ratios, and writes them to
 * bench/results/latest.json. Loopback only, bounded in time. Figures are for comparison between
 * runs on the same machine, never asserted in tests (the machine is shared and noisy).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { spawnSync } from "node:child_process";
import { runBundleBench } from "./bundle";
import { runFirstLoadJsBench } from "./first-load-js";
import { printGoals } from "./goals";
import { runHubSpotBench } from "./hubspot-calls";
import { runLighthouseBench } from "./lighthouse";
import { runLoadBench } from "./load";
import { runTwoInstancesBench } from "./two-instances";

/** A standalone benchmark script, run as its own process (pure CPU: nothing to share). */
function script(file: string, args: string[] = [], tsxFlags: string[] = []): () => Promise<Record<string, unknown>> {
  return async () => {
    const run = spawnSync("npx", ["tsx", ...tsxFlags, file, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    process.stdout.write(run.stdout);
    if (run.status !== 0) throw new Error(`${file} failed`);
    return { output: run.stdout };
  };
}

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  hubspot: runHubSpotBench,
  load: runLoadBench,
  lighthouse: runLighthouseBench,
  js: runFirstLoadJsBench,
  bundle: runBundleBench,
  slots: script("bench/slots.ts"),
  geo: script("bench/geo.ts", [], ["--conditions=react-server", "--expose-gc"]),
  // Server modules (`server-only`) load under the react-server condition, as in Next.js.
  booking: script("bench/booking-calls.ts", [], ["--conditions=react-server"]),
  pdf: script("bench/pdf.ts", [], ["--conditions=react-server"]),
  "upload-pdf": script("bench/upload-pdf.ts", [], ["--conditions=react-server"]),
  account: script("bench/account.ts", [], ["--conditions=react-server"]),
  journeys: script("bench/journeys.ts", [], ["--conditions=react-server"]),
  resilience: script("bench/resilience.ts", [], ["--conditions=react-server"]),
  "two-instances": runTwoInstancesBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = wanted.length ? wanted : Object.keys(benches);
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
};
for (const name of names) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}" (known: ${Object.keys(benches).join(", ")})`);
    process.exit(2);
  }
  results[name] = await bench();
}
printGoals(results);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/latest.json", JSON.stringify(results, null, 2));
console.log("\nresults written to bench/results/latest.json");
process.exit(0);
