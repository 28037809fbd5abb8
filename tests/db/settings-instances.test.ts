import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomUUID } from "node:crypto";
import readline from "node:readline";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveConsoleSettings } from "@/lib/console/settings";
import { openDb, type DbHandle } from "@/lib/db/client";
import { getSettings } from "@/lib/settings";
import type { StaffSession } from "@/lib/staff";
import { fakeCalendar, JULIEN, NOW } from "@/tests/bookings/support";

/**
 * « Effective on every instance at once »: a second portal instance — its own process, its own pool,
 * its own copy of the settings, warm — lists a technician's slots for a day; the console (this
 * process) gives that technician the day off; the other instance's very next listing has none of
 * his slots. What carries it is PostgreSQL's NOTIFY on commit (trigger on portal_settings →
 * channel duret_settings → each instance's LISTEN drops its copy). `npm run test:pg` only.
 */
const url = process.env.TEST_DATABASE_URL;
const DAY = "2026-11-25";

describe.runIf(url)("settings changed on one instance, used by another at once (PostgreSQL)", () => {
  let name: string;
  let db: DbHandle;
  let child: ChildProcessWithoutNullStreams;
  let next: () => Promise<Record<string, unknown>>;

  beforeAll(async () => {
    const { Client } = await import("pg");
    name = `duret_settings_${process.pid}_${Date.now()}`;
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const target = new URL(url!);
    target.pathname = `/${name}`;
    db = await openDb({ url: target.toString() });
    await getSettings(db.db); // the demo seed (sandbox mode), before the other instance starts
    child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("tests", "db", "support", "settings-instance.ts")], {
      env: { ...process.env, DATABASE_URL: target.toString(), HUBSPOT_ACCESS_TOKEN: "", BAN_API_URL: "http://127.0.0.1:9", LOG_LEVEL: "silent", DB_MEMORY_S: "600" },
    });
    const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    next = async () => JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
    expect(await next()).toEqual({ ready: true });
  }, 120_000);

  afterAll(async () => {
    child?.kill();
    await db?.close();
    const { Client } = await import("pg");
    const dropper = new Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });

  const ask = async (line: string) => {
    child.stdin.write(`${line}\n`);
    return next();
  };

  it("a day off saved here removes the technician's slots there, on the next request", async () => {
    const before = await ask(`slots ${DAY}`);
    expect(before.julien).toBeGreaterThan(0);
    // Its copy is warm (once its LISTEN connection is up): answered from memory, without reading the table again.
    let warm = await ask("version");
    for (let i = 0; i < 100 && !(Number(warm.hits) > 0); i++) {
      await new Promise((r) => setTimeout(r, 20));
      warm = await ask("version");
    }
    expect(warm).toMatchObject({ version: 1 });
    expect(warm.hits).toBeGreaterThan(0);

    const staff: StaffSession = { email: "bureau@duret-electricite.fr", role: "office", name: "Bureau", hubspotOwnerId: "1", sessionId: randomUUID(), signedInAt: NOW.getTime(), expiresAt: NOW.getTime() + 3_600_000 };
    const s = await getSettings(db.db);
    const value = s.technicians.map((t) => (t.ownerId === JULIEN ? { ...t, daysOff: [...t.daysOff, DAY] } : t));
    const saved = await saveConsoleSettings(staff, { key: "technicians", value, expectedVersion: s.versions.technicians, acknowledgeConflicts: true }, { db: db.db, now: NOW, calendar: fakeCalendar() });
    expect(saved).toMatchObject({ status: "saved", version: 2 });

    // No wait, no polling: NOTIFY is delivered on commit, before the next request reaches the other instance's copy.
    let version = await ask("version");
    // The LISTEN connection hears it within milliseconds; one retry covers a notification still in flight.
    for (let i = 0; i < 50 && version.version !== 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      version = await ask("version");
    }
    expect(version).toMatchObject({ version: 2 });
    expect(await ask(`slots ${DAY}`)).toEqual({ julien: 0 });
  }, 60_000);
});
