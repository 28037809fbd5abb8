import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionHealth, runConnectionCheck } from "@/lib/console/delivery-desk";
import { staffAudit } from "@/lib/db/schema";
import { resetCompanyP12ForTests } from "@/lib/documents/signature/certificate";
import { configureHubSpotCallForTests } from "@/lib/hubspot/call";
import { projectScopes } from "@/lib/hubspot/project";
import type { StaffSession } from "@/lib/staff/roles";
import { fixtureSeed } from "../sandbox/fixtures";
import { startStack, type Stack } from "../hubspot/support/stack";
import { virtualClock, type VirtualClock } from "../hubspot/support/virtual-clock";

const staff = (role: "admin" | "office"): StaffSession => ({ email: `${role}@duret.test`, role, name: role, hubspotOwnerId: "1", sessionId: "s".repeat(20), signedInAt: 1, expiresAt: 2 });

/** The delivery desk's HubSpot health and its « Vérifier la connexion HubSpot » button, against the strict sandbox. */
describe("delivery desk: HubSpot connection health", () => {
  let stack: Stack;
  let clock: VirtualClock;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "duret-desk-"));
    process.env.DATA_DIR = dataDir; // the demo seal certificate is generated there
    resetCompanyP12ForTests();
    clock = virtualClock();
    stack = await startStack(fixtureSeed, { sandboxClock: clock.sandbox });
    configureHubSpotCallForTests({ now: clock.now, sleep: clock.sleep });
    stack.sandbox.store.strictness = { ...stack.sandbox.store.strictness, scopes: projectScopes() };
  });
  afterAll(async () => {
    await stack?.close();
    delete process.env.DATA_DIR;
    resetCompanyP12ForTests();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("scopes from the token's introspection, last webhook, budget headroom, the seal certificate", async () => {
    const health = await connectionHealth(stack.db.db, staff("office"));
    expect(health.scopes).toMatchObject({ ok: true });
    expect(health.lastWebhookAt).toBeNull();
    expect(health.budget.general.limit).toBeGreaterThan(0);
    expect(health.certificate).toMatchObject({ ok: true });
    if (health.certificate.ok) expect(health.certificate.notAfter).toBeInstanceOf(Date);
  });

  it("the full check: administrators only, the same rows as npm run hubspot:check, audited", async () => {
    await expect(runConnectionCheck(stack.db.db, staff("office"))).rejects.toMatchObject({ userMessage: "Action réservée aux administrateurs" });
    expect(await stack.db.db.select().from(staffAudit).where(eq(staffAudit.action, "hubspot.check"))).toEqual([]);
    const report = await runConnectionCheck(stack.db.db, staff("admin"), { now: clock.now, sleep: (ms) => clock.sleep(ms) });
    expect(report.rows.filter((r) => r.result !== "ok")).toEqual([]);
    expect(report.rows[0]!.step).toBe("token scopes");
    const audit = await stack.db.db.select().from(staffAudit).where(eq(staffAudit.action, "hubspot.check"));
    expect(audit).toMatchObject([{ staffEmail: "admin@duret.test", after: { ok: true, failed: [] } }]);
  });
});
