import { and, eq, sql } from "drizzle-orm";
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import {
  STANDARD_CODE_POLICY,
  checkCode,
  defineCodeStore,
  digitCodes,
  hourlyLimitReached,
  issueCode,
  linkTokens,
  pruneCodes,
  reserveTry,
  spendCode,
  stateOf,
  unspendCode,
  unspentAt,
} from "@/lib/one-time-code";
import { openTestDb } from "../support/db";

/**
 * The one-time-code primitive on two tables of its own, shaped like its users' tables: one row per
 * code with a spent mark (sign-in attempts, account verifications), and one row per recipient whose
 * code is overwritten and cleared when spent (quote signing sessions). The clock is passed in.
 */
const codes = pgTable("otc_test_codes", {
  id: text("id").primaryKey(),
  recipient: text("recipient").notNull(),
  secretHash: text("secret_hash").notNull(),
  failedTries: integer("failed_tries").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  consumedAt: timestamp("consumed_at", { withTimezone: true }),
});
const sessions = pgTable("otc_test_sessions", {
  id: text("id").primaryKey(),
  codeHash: text("code_hash"),
  codeTries: integer("code_tries").notNull().default(0),
  codeExpiresAt: timestamp("code_expires_at", { withTimezone: true }),
});

const T0 = Date.UTC(2031, 4, 12, 7, 30);
const MIN = 60_000;
const fields = { hash: "secretHash", tries: "failedTries", expiresAt: "expiresAt", consumedAt: "consumedAt", issuedAt: "createdAt" } as const;
const digitStore = defineCodeStore({ table: codes, fields, scheme: digitCodes, policy: { ...STANDARD_CODE_POLICY, maxIssuedPerHour: 3 } });
const linkStore = defineCodeStore({ table: codes, fields, scheme: linkTokens, policy: STANDARD_CODE_POLICY });
const sessionStore = defineCodeStore({
  table: sessions,
  fields: { hash: "codeHash", tries: "codeTries", expiresAt: "codeExpiresAt" },
  scheme: digitCodes,
  policy: STANDARD_CODE_POLICY,
});

describe("one-time codes in the database", () => {
  let handle: DbHandle;
  let db: Db;
  let n = 0;

  beforeAll(async () => {
    handle = await openTestDb();
    db = handle.db;
    await db.execute(sql`create table otc_test_codes (
      id text primary key, recipient text not null, secret_hash text not null, failed_tries integer not null default 0,
      created_at timestamptz not null, expires_at timestamptz not null, consumed_at timestamptz)`);
    await db.execute(sql`create table otc_test_sessions (
      id text primary key, code_hash text, code_tries integer not null default 0, code_expires_at timestamptz)`);
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    await db.delete(codes);
    await db.delete(sessions);
  });

  /** Issues a code to `recipient` at `now` and stores it; returns the row id and the secret sent. */
  async function issue(now: number, recipient = "camille", store = digitStore) {
    const id = `c${++n}`;
    const issued = await issueCode(store, now);
    await db.insert(codes).values({ id, recipient, secretHash: issued.hash, createdAt: new Date(now), expiresAt: issued.expiresAt });
    return { id, secret: issued.secret };
  }
  const row = async (id: string) => (await db.select().from(codes).where(eq(codes.id, id)))[0]!;
  const byId = (id: string) => eq(codes.id, id);
  const other = (secret: string) => String((Number(secret) + 1) % 1_000_000).padStart(6, "0");

  it("the right code matches once: the spend is conditional, a second spend gets nothing", async () => {
    const { id, secret } = await issue(T0);
    expect(stateOf(digitStore, await row(id), T0)).toBe("live");
    const check = await checkCode(db, digitStore, { where: byId(id), secret, now: T0 + MIN });
    expect(check.status).toBe("match");
    const spends = await Promise.all([1, 2, 3].map(() => spendCode(db, digitStore, { where: byId(id), now: T0 + MIN, giveTryBack: true })));
    expect(spends.filter(Boolean)).toHaveLength(1);
    const spent = await row(id);
    expect(spent.consumedAt?.getTime()).toBe(T0 + MIN);
    expect(spent.failedTries).toBe(0); // the right code's try was given back
    expect(stateOf(digitStore, spent, T0 + MIN)).toBe("used");
    expect((await checkCode(db, digitStore, { where: byId(id), secret, now: T0 + MIN })).status).toBe("not-live");
  });

  it("each wrong code costs a try; after 5, the right code is refused too", async () => {
    const { id, secret } = await issue(T0);
    const left: number[] = [];
    for (let i = 0; i < 5; i++) {
      const check = await checkCode(db, digitStore, { where: byId(id), secret: other(secret), now: T0 });
      if (check.status === "wrong") left.push(check.remainingTries);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect((await checkCode(db, digitStore, { where: byId(id), secret, now: T0 })).status).toBe("not-live");
    expect(stateOf(digitStore, await row(id), T0)).toBe("locked");
  });

  it("parallel guesses get 5 tries between them, no more", async () => {
    const { id, secret } = await issue(T0);
    const guesses = Array.from({ length: 12 }, (_, i) => String((Number(secret) + 1 + i) % 1_000_000).padStart(6, "0"));
    const checks = await Promise.all(guesses.map((g) => checkCode(db, digitStore, { where: byId(id), secret: g, now: T0 })));
    expect(checks.filter((c) => c.status === "wrong")).toHaveLength(5);
    expect((await row(id)).failedTries).toBe(5);
  });

  it("a code expires at its issue + 10 minutes, at the instant passed in", async () => {
    const { id, secret } = await issue(T0);
    expect(await reserveTry(db, digitStore, byId(id), T0 + 10 * MIN)).toBeUndefined();
    expect(stateOf(digitStore, await row(id), T0 + 10 * MIN)).toBe("expired");
    expect(await spendCode(db, digitStore, { where: byId(id), now: T0 + 10 * MIN })).toBe(false);
    expect((await checkCode(db, digitStore, { where: byId(id), secret, now: T0 + 10 * MIN - 1 })).status).toBe("match");
  });

  it("the where clause scopes the code: another recipient's id is simply not there", async () => {
    const { id, secret } = await issue(T0, "camille");
    const check = await checkCode(db, digitStore, { where: and(byId(id), eq(codes.recipient, "antoine")), secret, now: T0 });
    expect(check.status).toBe("not-live");
    expect((await row(id)).failedTries).toBe(0);
  });

  it("a spent code can be given back, and is live again", async () => {
    const { id, secret } = await issue(T0);
    await checkCode(db, digitStore, { where: byId(id), secret, now: T0 });
    await spendCode(db, digitStore, { where: byId(id), now: T0, giveTryBack: true });
    await unspendCode(db, digitStore, byId(id));
    expect(stateOf(digitStore, await row(id), T0)).toBe("live");
    expect((await checkCode(db, digitStore, { where: byId(id), secret, now: T0 })).status).toBe("match");
  });

  it("link tokens: matched without spending a try, spent once", async () => {
    const { id, secret } = await issue(T0, "camille", linkStore);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await row(id)).secretHash).not.toContain(secret);
    expect((await checkCode(db, linkStore, { where: byId(id), secret: secret.slice(1), now: T0 })).status).toBe("wrong");
    expect(await spendCode(db, linkStore, { where: byId(id), now: T0 })).toBe(true);
    expect(await spendCode(db, linkStore, { where: byId(id), now: T0 })).toBe(false);
  });

  it("the hourly limit counts the codes issued to a recipient in the hour before now", async () => {
    await issue(T0);
    await issue(T0 + 10 * MIN);
    expect(await hourlyLimitReached(db, digitStore, eq(codes.recipient, "camille"), T0 + 20 * MIN)).toBe(false);
    await issue(T0 + 20 * MIN);
    expect(await hourlyLimitReached(db, digitStore, eq(codes.recipient, "camille"), T0 + 20 * MIN)).toBe(true);
    expect(await hourlyLimitReached(db, digitStore, eq(codes.recipient, "antoine"), T0 + 20 * MIN)).toBe(false);
    // The first code leaves the hour: one more may go out.
    expect(await hourlyLimitReached(db, digitStore, eq(codes.recipient, "camille"), T0 + 60 * MIN)).toBe(false);
  });

  it("live codes can be listed; expired ones are pruned after the time kept", async () => {
    const old = await issue(T0);
    const recent = await issue(T0 + 30 * MIN);
    const live = await db.select({ id: codes.id }).from(codes).where(unspentAt(digitStore, T0 + 35 * MIN));
    expect(live.map((r) => r.id)).toEqual([recent.id]);
    await pruneCodes(db, digitStore, T0 + 10 * MIN + 24 * 60 * MIN, 24 * 60 * MIN);
    expect((await db.select({ id: codes.id }).from(codes)).map((r) => r.id).sort()).toEqual([old.id, recent.id].sort());
    await pruneCodes(db, digitStore, T0 + 10 * MIN + 24 * 60 * MIN + 1, 24 * 60 * MIN);
    expect((await db.select({ id: codes.id }).from(codes)).map((r) => r.id)).toEqual([recent.id]);
  });

  it("a table without a spent mark: a replaced code is not there, a cleared one is spent", async () => {
    const first = await issueCode(sessionStore, T0);
    await db.insert(sessions).values({ id: "s1", codeHash: first.hash, codeExpiresAt: first.expiresAt });
    const onFirst = and(eq(sessions.id, "s1"), eq(sessions.codeHash, first.hash));
    expect((await checkCode(db, sessionStore, { where: onFirst, secret: other(first.secret), now: T0 })).status).toBe("wrong");
    // A new code replaces the first one (tries back to 0): a guess aimed at the first finds nothing.
    const second = await issueCode(sessionStore, T0 + MIN);
    await db.update(sessions).set({ codeHash: second.hash, codeTries: 0, codeExpiresAt: second.expiresAt }).where(eq(sessions.id, "s1"));
    expect((await checkCode(db, sessionStore, { where: onFirst, secret: first.secret, now: T0 + MIN })).status).toBe("not-live");
    expect((await checkCode(db, sessionStore, { where: eq(sessions.id, "s1"), secret: second.secret, now: T0 + MIN })).status).toBe("match");
    await db.update(sessions).set({ codeHash: null }).where(eq(sessions.id, "s1"));
    const [cleared] = await db.select().from(sessions).where(eq(sessions.id, "s1"));
    expect(stateOf(sessionStore, cleared!, T0 + MIN)).toBe("used");
    expect(await reserveTry(db, sessionStore, eq(sessions.id, "s1"), T0 + MIN)).toBeUndefined();
    await expect(spendCode(db, sessionStore, { where: eq(sessions.id, "s1"), now: T0 })).rejects.toThrow(/consumedAt/);
  });

  it("a store naming a field its table does not have is refused at once", () => {
    expect(() => defineCodeStore({ table: sessions, fields: { hash: "codeHash", tries: "nope" as "codeTries", expiresAt: "codeExpiresAt" }, scheme: digitCodes, policy: STANDARD_CODE_POLICY })).toThrow(/nope/);
  });
});
