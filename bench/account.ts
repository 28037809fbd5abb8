/**
 * What the GDPR self-service costs against the seeded sandbox (loopback) and an in-memory database:
 * building Camille's data export (cold cache: HubSpot calls, time, ZIP size and entries), and the
 * HubSpot side of an erasure (archive invoices/signed quotes as PDFs, GDPR delete).
 * Run: npx tsx --conditions=react-server bench/account.ts   (or `npm run bench -- account`)
 */
import { performance } from "node:perf_hooks";
import { unzipSync } from "fflate";
import { buildExport, readExportArchive, requestDataExport } from "@/lib/account/export-data";
import { eraseContactInHubSpot } from "@/lib/account/erasure";
import { openDb } from "@/lib/db/client";
import { erasureRequests } from "@/lib/db/schema";
import { configureHubSpotCallForTests, getHubSpotCallMetrics, resetHubSpotCallMetrics } from "@/lib/hubspot/call";
import { configureHubSpotForTests } from "@/lib/hubspot/client";
import { setDbForTests } from "@/lib/db/current";
import { buildSeed } from "@/sandbox/seed";
import { createSandbox } from "@/sandbox/server";

const TOKEN = "bench-account-token";
const seed = await buildSeed({ now: new Date() });
const sandbox = await createSandbox({ port: 0, token: TOKEN, quiet: true, seed: () => seed });
configureHubSpotForTests({ basePath: sandbox.url, token: TOKEN });
configureHubSpotCallForTests({});
const db = await openDb({ memory: true });
setDbForTests(db.db);
const [camille, antoine] = seed.demoCustomers.map((c) => c.contactId);

const rows: { step: string; ms: number; calls: number; detail: string }[] = [];
async function step<T>(name: string, fn: () => Promise<T>, detail: (v: T) => string = () => ""): Promise<T> {
  resetHubSpotCallMetrics();
  const t0 = performance.now();
  const value = await fn();
  rows.push({ step: name, ms: Math.round(performance.now() - t0), calls: getHubSpotCallMetrics().total.attempts, detail: detail(value) });
  return value;
}

for (const [who, contactId] of [["Camille", camille!], ["Antoine", antoine!]] as const) {
  const requested = await requestDataExport(contactId, { locale: "fr" });
  await step(`export ${who}: build (cold cache, worker)`, () => buildExport(requested.id, "fr"));
  await step(
    `export ${who}: archive`,
    () => readExportArchive(contactId, requested.id),
    ({ bytes }) => {
      const entries = Object.keys(unzipSync(bytes));
      return `${(bytes.byteLength / 1024).toFixed(0)} KiB, ${entries.length} entries (${entries.filter((e) => e.endsWith(".pdf")).length} PDF)`;
    },
  );
}
await db.db.insert(erasureRequests).values({ id: "00000000-0000-4000-8000-000000000001", contactId: camille! });
await step(
  "erasure Camille: archive + GDPR delete (worker)",
  () => eraseContactInHubSpot({ erasureId: "00000000-0000-4000-8000-000000000001", contactId: camille! }, { idempotencyKey: "bench" }),
  (r) => `${r.retained} documents retained, HubSpot ${r.hubspot}`,
);

console.log("\nAccount / GDPR (sandbox on loopback, in-memory PGlite)");
console.table(rows);
await sandbox.close();
await db.close();
