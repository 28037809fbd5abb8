import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/client";
import { readRecordedPipelines } from "@/lib/hubspot/pipelines";
import { PIPELINES } from "@/lib/hubspot/spec";
import { createSandbox, type Sandbox } from "@/sandbox/server";
import { emptyState } from "@/sandbox/state";

const TOKEN = "setup-script-test-token";

/** Runs one of the HubSpot scripts as an operator would (`npm run hubspot:…`), against `sandbox`. */
function runScript(script: string, sandbox: Sandbox, dataDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "development",
        HUBSPOT_BASE_PATH: sandbox.url,
        HUBSPOT_SANDBOX_TOKEN: TOKEN,
        DATA_DIR: dataDir,
        // No portal listens there: the script may open the embedded database itself.
        PORT: "9",
      },
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("npm run hubspot:setup and hubspot:check, as processes, against a sandbox that refuses one property", { timeout: 600_000 }, () => {
  let sandbox: Sandbox;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "duret-setup-script-"));
    sandbox = await createSandbox({
      port: 0,
      token: TOKEN,
      quiet: true,
      seed: () => ({ state: emptyState({ withPortalSchema: false }), fileBytes: new Map(), demoCustomers: [] }),
      strict: { refuseProperties: ["tickets.satisfaction_nps"] },
    });
  });
  afterAll(async () => {
    await sandbox?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("setup prints each step and the refusal, exits 1, and records the pipeline ids; check then fails on that property only", async () => {
    const setup = await runScript("scripts/hubspot-setup.ts", sandbox, dataDir);
    expect(setup.out).toMatch(/ {2}pipeline interventions "Interventions": created \(id \d+\)\n/);
    expect(setup.out).toMatch(/ {2}stage quotes\.lost "Perdu": created \(id \d+\)\n/);
    expect(setup.out).toContain("  property tickets.satisfaction_nps (number): refused (HubSpot 400: Property satisfaction_nps cannot be created on tickets");
    expect(setup.out).toContain("  property tickets.satisfaction_comment (string): created\n");
    expect(setup.out).toMatch(/Summary: \d+ created, 0 already there, 0 type mismatch, 1 refused, 0 failed\./);
    expect(setup.out).toContain("Pipeline and stage ids recorded in the portal's database (pglite).");
    expect(setup.code).toBe(1);

    const check = await runScript("scripts/hubspot-check.ts", sandbox, dataDir);
    expect(check.out).toMatch(/properties tickets\s+FAIL\s+satisfaction_nps missing: run npm run hubspot:setup/);
    expect(check.out).toMatch(/notes: search\s+OK/);
    expect(check.out).toContain("HubSpot check FAILED");
    expect(check.code).toBe(1);

    const db = await openDb({ dataDir: path.join(dataDir, "db") });
    try {
      const recorded = await readRecordedPipelines(db.db);
      expect(Object.keys(recorded).sort()).toEqual(Object.keys(PIPELINES).sort());
      const live = sandbox.store.pipelines.find((p) => p.label === PIPELINES.interventions.label)!;
      expect(recorded.interventions!.pipelineId).toBe(live.id);
      expect(Object.values(recorded.interventions!.stages).sort()).toEqual(live.stages.map((s) => s.id).sort());
    } finally {
      await db.close();
    }

    sandbox.store.strictness = { ...sandbox.store.strictness, refuseProperties: [] };
    const again = await runScript("scripts/hubspot-setup.ts", sandbox, dataDir);
    expect(again.out).toMatch(/Summary: 1 created, \d+ already there, 0 type mismatch, 0 refused, 0 failed\./);
    expect(again.code).toBe(0);
    // Three script runs (each a process re-executed under react-server, opening the embedded
    // database, paced at 5 HubSpot requests a second): the limit only catches a hang.
  }, 600_000);
});
