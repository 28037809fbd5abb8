import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type DbHandle } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { enqueueNotification } from "@/lib/outbox/enqueue";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { openTestDb } from "@/tests/support/db";
import { FakeTransports } from "@/tests/outbox/support";

/**
 * Two workers on one database, each through its own connection pool, as two instances would be.
 * On PGlite (one in-process database, one connection) both workers share the handle: the claim is
 * still a single statement, so the assertion holds there too; `npm run test:pg` runs it with two
 * real pools on a PostgreSQL server, where SKIP LOCKED does the work.
 */
let first: DbHandle;
let second: DbHandle;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    first = await openTestDb();
    second = first;
    cleanup = () => first.close();
    return;
  }
  const { Client } = await import("pg");
  const name = `duret_outbox_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  first = await openDb({ url: target.toString() });
  second = await openDb({ url: target.toString() });
  cleanup = async () => {
    await first.close();
    await second.close();
    const dropper = new Client({ connectionString: url });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  };
});
afterAll(async () => {
  await cleanup?.();
});

describe("several workers at once", () => {
  it("never deliver a row twice", async () => {
    const total = 60;
    for (let i = 0; i < total; i++) {
      await enqueueNotification(first.db, {
        kind: "email",
        template: "service-reply",
        to: `client${i}@example.fr`,
        locale: "fr",
        data: { subject: `Demande ${i}`, url: `https://portail.example.fr/messages/${i}` },
        idempotencyKey: `reply:${i}`,
      });
    }
    // One shared fake "provider" that is slow enough for passes to overlap.
    const provider = new FakeTransports();
    provider.delayMs = 5;
    const loop = async (db: DbHandle["db"]) => {
      for (;;) {
        const pass = await runOutboxOnce({ db, transports: provider.transports, batchSize: 7, concurrency: 3, log: () => {} });
        if (pass.claimed === 0) return;
      }
    };
    await Promise.all([loop(first.db), loop(second.db), loop(first.db), loop(second.db)]);

    const keys = provider.emails.map((m) => m.idempotencyKey);
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
    const rows = await first.db.select().from(outbox);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});
