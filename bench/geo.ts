/**
 * `npm run bench -- geo`: the offline commune data (lib/geo): cold load time and resident memory it
 * adds to a process, then lookups (postcode, code, address check, suggestions by name). Run in its
 * own process so the load is cold; `--expose-gc` (bench/run.ts passes it) for steadier memory.
 */
import { performance } from "node:perf_hooks";
import { checkFrenchAddress, communeByCode, communeIndex, communesForPostalCode, searchCommunes } from "@/lib/geo";

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
gc?.();
const before = process.memoryUsage();
const t0 = performance.now();
const index = communeIndex();
const loadMs = performance.now() - t0;
gc?.();
const after = process.memoryUsage();

function timeIt(n: number, fn: (i: number) => unknown): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return ((performance.now() - start) / n) * 1000;
}
const zips = [...index.byPostcode.keys()];
const codes = [...index.byCode.keys()];
const figures = {
  communes: index.byCode.size,
  postcodes: index.byPostcode.size,
  estimatedCentres: [...index.byCode.values()].filter((c) => c.centreEstimated).length,
  coldLoadMs: Math.round(loadMs),
  rssDeltaMb: mb(after.rss - before.rss),
  heapDeltaMb: mb(after.heapUsed - before.heapUsed),
  postcodeLookupUs: Math.round(timeIt(100_000, (i) => communesForPostalCode(zips[i % zips.length]!)) * 100) / 100,
  codeLookupUs: Math.round(timeIt(100_000, (i) => communeByCode(codes[i % codes.length]!)) * 100) / 100,
  addressCheckUs: Math.round(timeIt(20_000, () => checkFrenchAddress({ line: "10 cours Lafayette", zip: "69003", city: "Lyon 3e" })) * 10) / 10,
  searchByNameUs: Math.round(timeIt(200, () => searchCommunes("ste foy", 5))),
};
console.log("geo (offline communes):");
for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(18)} ${v}`);
console.log(JSON.stringify(figures));
