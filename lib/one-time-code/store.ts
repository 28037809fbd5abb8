import "server-only";
import { and, count, getTableColumns, gt, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/lib/db/client";
import { HOUR_MS, codeExpiry, remainingTries, type CodePolicy, type CodeRecord, type CodeState, codeState } from "./policy";
import type { CodeScheme } from "./secrets";

/**
 * One-time codes kept in a table of their user (sign-in attempts, account verifications, quote
 * signing sessions): the table stays the user's, this module owns the rules. Every change of a
 * try counter or of a spent mark is one conditional UPDATE, so the rules hold across instances
 * sharing the database, whatever the interleaving.
 */

type RowOf<T extends PgTable> = T["$inferSelect"];
type FieldOf<T extends PgTable> = Extract<keyof RowOf<T>, string>;

export interface CodeStore<T extends PgTable> {
  table: T;
  /** The table's fields (Drizzle names) that hold the code. */
  fields: {
    hash: FieldOf<T>;
    tries: FieldOf<T>;
    expiresAt: FieldOf<T>;
    /** Set when the code is spent. Without it, a spent code is one whose hash was cleared. */
    consumedAt?: FieldOf<T>;
    /** When the code was issued: the hourly limit counts the rows issued in the last hour. */
    issuedAt?: FieldOf<T>;
  };
  scheme: CodeScheme;
  policy: CodePolicy;
}

export function defineCodeStore<T extends PgTable>(store: CodeStore<T>): CodeStore<T> {
  const columns = getTableColumns(store.table);
  for (const field of Object.values(store.fields)) {
    if (field && !columns[field]) throw new Error(`one-time code: the table has no field "${field}"`);
  }
  return store;
}

function column<T extends PgTable>(store: CodeStore<T>, field: FieldOf<T>): AnyPgColumn {
  return getTableColumns(store.table)[field] as AnyPgColumn;
}

/** The code part of a row, in the policy's terms. */
export function readCode<T extends PgTable>(store: CodeStore<T>, row: RowOf<T>): CodeRecord {
  const value = (field: FieldOf<T> | undefined) => (field ? (row as Record<string, unknown>)[field] : undefined);
  return {
    hash: (value(store.fields.hash) as string | null | undefined) ?? null,
    tries: Number(value(store.fields.tries) ?? 0),
    expiresAt: (value(store.fields.expiresAt) as Date | null | undefined) ?? null,
    consumedAt: (value(store.fields.consumedAt) as Date | null | undefined) ?? null,
  };
}

export function stateOf<T extends PgTable>(store: CodeStore<T>, row: RowOf<T>, now: number): CodeState {
  return codeState(store.policy, readCode(store, row), now);
}

export interface IssuedCode {
  /** What the person receives (never stored). */
  secret: string;
  /** What the table keeps. */
  hash: string;
  expiresAt: Date;
}

/** A fresh secret, its hash and its expiry. Hashing a digit code is slow (scrypt): do it before opening a transaction. */
export async function issueCode<T extends PgTable>(store: CodeStore<T>, now: number): Promise<IssuedCode> {
  const secret = store.scheme.generate();
  return { secret, hash: await store.scheme.hash(secret), expiresAt: codeExpiry(store.policy, now) };
}

/** Constant-time comparison of a secret with the row's hash (a cleared hash matches nothing). */
export async function codeMatches<T extends PgTable>(store: CodeStore<T>, row: RowOf<T>, secret: string): Promise<boolean> {
  const { hash } = readCode(store, row);
  return hash !== null && store.scheme.matches(secret, hash);
}

/** SQL: the code is neither spent nor expired at `now` (tries aside). */
export function unspentAt<T extends PgTable>(store: CodeStore<T>, now: number): SQL {
  const spent = store.fields.consumedAt ? isNull(column(store, store.fields.consumedAt)) : isNotNull(column(store, store.fields.hash));
  return and(spent, gt(column(store, store.fields.expiresAt), new Date(now)))!;
}

/**
 * Counts one try of the code selected by `where`, if it is live (unspent, unexpired, tries left),
 * and returns its row after the count; undefined when there was nothing to try. The try is counted
 * before the secret is compared, so parallel guesses cannot exceed the limit.
 */
export async function reserveTry<T extends PgTable>(db: Db, store: CodeStore<T>, where: SQL | undefined, now: number): Promise<RowOf<T> | undefined> {
  const tries = column(store, store.fields.tries);
  const [row] = (await db
    .update(store.table)
    .set({ [store.fields.tries]: sql`${tries} + 1` } as never)
    .where(and(where, unspentAt(store, now), lt(tries, store.policy.maxTries)))
    .returning()) as RowOf<T>[];
  return row;
}

export type CodeCheck<Row> =
  | { status: "match"; row: Row }
  | { status: "wrong"; row: Row; remainingTries: number }
  /** No live code there (unknown, spent, expired or out of tries): the caller looks at the row to say which. */
  | { status: "not-live" };

/** Reserves a try, then compares the secret. A match is not spent yet: see spendCode. */
export async function checkCode<T extends PgTable>(
  db: Db,
  store: CodeStore<T>,
  input: { where: SQL | undefined; secret: string; now: number },
): Promise<CodeCheck<RowOf<T>>> {
  const row = await reserveTry(db, store, input.where, input.now);
  if (!row) return { status: "not-live" };
  if (await codeMatches(store, row, input.secret)) return { status: "match", row };
  return { status: "wrong", row, remainingTries: remainingTries(store.policy, readCode(store, row)) };
}

/**
 * Marks the code spent, if it still is live at `now`: of two requests racing, one gets true.
 * `giveTryBack`: the try reserved by checkCode was the right code, not a failed try.
 */
export async function spendCode<T extends PgTable>(
  db: Db,
  store: CodeStore<T>,
  input: { where: SQL | undefined; now: number; giveTryBack?: boolean },
): Promise<boolean> {
  const consumedAt = store.fields.consumedAt;
  if (!consumedAt) throw new Error("one-time code: spendCode needs a consumedAt field (clear the hash instead)");
  const tries = column(store, store.fields.tries);
  const set: Record<string, unknown> = { [consumedAt]: new Date(input.now) };
  if (input.giveTryBack) set[store.fields.tries] = sql`${tries} - 1`;
  const spent = await db
    .update(store.table)
    .set(set as never)
    .where(and(input.where, unspentAt(store, input.now)))
    .returning({ hash: column(store, store.fields.hash) });
  return spent.length > 0;
}

/** Gives a spent code back (the action it allowed could not finish for a reason not the person's). */
export async function unspendCode<T extends PgTable>(db: Db, store: CodeStore<T>, where: SQL | undefined): Promise<void> {
  const consumedAt = store.fields.consumedAt;
  if (!consumedAt) throw new Error("one-time code: unspendCode needs a consumedAt field");
  await db.update(store.table).set({ [consumedAt]: null } as never).where(where);
}

/** Whether the recipient selected by `where` already had the policy's hourly number of codes (rows issued in the last hour). */
export async function hourlyLimitReached<T extends PgTable>(db: Db, store: CodeStore<T>, where: SQL | undefined, now: number): Promise<boolean> {
  const { issuedAt } = store.fields;
  const max = store.policy.maxIssuedPerHour;
  if (!issuedAt || max === undefined) throw new Error("one-time code: the hourly limit needs issuedAt and maxIssuedPerHour");
  const [row] = await db
    .select({ n: count() })
    .from(store.table as PgTable)
    .where(and(where, gt(column(store, issuedAt), new Date(now - HOUR_MS))));
  return (row?.n ?? 0) >= max;
}

/** Housekeeping: codes are kept `keepMs` after expiry (abuse investigation), then deleted. */
export async function pruneCodes<T extends PgTable>(db: Db, store: CodeStore<T>, now: number, keepMs: number, where?: SQL): Promise<void> {
  await db.delete(store.table).where(and(where, lt(column(store, store.fields.expiresAt), new Date(now - keepMs))));
}
