import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { getSettings } from "@/lib/settings";
import { buildSeed } from "@/sandbox/seed";
import { startStack, type Stack } from "../hubspot/support/stack";

/**
 * The whole issue-6 stack for integration tests: an ephemeral seeded sandbox sending signed
 * webhooks to the real webhook handler, the HubSpot layer's test database, and the portal's own
 * tables (messages, uploads, surveys, outbox) in a throw-away PGlite under DATA_DIR.
 */
export interface PortalStack extends Stack {
  camille: string;
  antoine: string;
  closeAll(): Promise<void>;
}

export async function startPortalStack(): Promise<PortalStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "duret-issue6-"));
  process.env.DATA_DIR = dataDir;
  resetEnvForTests();
  const stack = await startStack(() => buildSeed(), { webhooks: true });
  // The demo's settings (lib/settings), written on the sandbox by the portal's first read of them:
  // here before any test measures what a request changes.
  await getSettings();
  const ids = Object.fromEntries(stack.seed.demoCustomers.map((c) => [c.email, c.contactId]));
  return {
    ...stack,
    camille: ids["camille.martin@example.fr"]!,
    antoine: ids["antoine.girard@example.com"]!,
    async closeAll() {
      await stack.close();
      await closeDb();
      delete process.env.DATA_DIR;
      resetEnvForTests();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `ok` holds (bounded by the test's own timeout, not by a guess of the machine's speed). */
export async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
