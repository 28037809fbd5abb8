/**
 * `npm run bench [-- name...]`: runs the benchmarks, prints figures and ratios, and writes them to
 * bench/results/latest.json. Loopback only, bounded in time. Figures are for comparison between
 * runs on the same machine, never asserted in tests (the machine is shared and noisy).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { runHubSpotBench } from "./hubspot-calls";

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  hubspot: runHubSpotBench,
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
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/latest.json", JSON.stringify(results, null, 2));
console.log("\nresults written to bench/results/latest.json");
process.exit(0);
