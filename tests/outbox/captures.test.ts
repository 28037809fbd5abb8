import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaptureStore } from "@/sandbox/captures/store";
import { startCaptureSandbox } from "@/tests/outbox/support";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "duret-captures-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sms = (i: number) => ({ sid: `SM${String(i).padStart(32, "0")}`, to: "+33612345678", from: "+33700000000", body: `n°${i}`, idempotencyToken: null, receivedAt: new Date(i * 1000).toISOString() });

describe("capture store", () => {
  it("keeps only the newest `limit` messages, newest first, across a restart", async () => {
    const store = new CaptureStore({ dataDir: dir, limit: 3 });
    for (let i = 1; i <= 5; i++) store.addSms(sms(i));
    await store.flush();
    const reloaded = new CaptureStore({ dataDir: dir, limit: 3 });
    await reloaded.load();
    expect(reloaded.snapshot().sms.map((s) => s.body)).toEqual(["n°5", "n°4", "n°3"]);
  });
});

describe("/_sandbox/captures control", () => {
  it("validates faults, resets, and reports the SMTP port", async () => {
    const sandbox = await startCaptureSandbox();
    try {
      const post = (p: string, body: unknown) => fetch(`${sandbox.url}/_sandbox${p}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect((await post("/captures/faults", { smtp: "maybe" })).status).toBe(400);
      expect(await (await post("/captures/faults", { sms: "fail" })).json()).toEqual({ smtp: "ok", sms: "fail" });
      sandbox.captures!.addSms(sms(1));
      const snapshot = (await (await fetch(`${sandbox.url}/_sandbox/captures`)).json()) as { sms: unknown[]; smtpPort: number; faults: unknown };
      expect(snapshot).toMatchObject({ smtpPort: sandbox.smtpPort, faults: { smtp: "ok", sms: "fail" } });
      expect(snapshot.sms).toHaveLength(1);
      expect((await fetch(`${sandbox.url}/_sandbox/captures?limit=0`)).status).toBe(400);
      expect((await post("/captures/reset", {})).status).toBe(200);
      expect(await (await fetch(`${sandbox.url}/_sandbox/captures`)).json()).toMatchObject({ emails: [], sms: [], faults: { smtp: "ok", sms: "ok" } });
    } finally {
      await sandbox.close();
    }
  });
});
