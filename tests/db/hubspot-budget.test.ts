import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { acquireBudget, tryAcquireBudget, type BudgetLimits } from "@/lib/hubspot/budget";
import { isAppError } from "@/lib/errors";
import { openTestDb } from "../support/db";
import { secondHandle } from "../hubspot/support/second-handle";
import { q } from "../hubspot/support/query";

const limits = (general: number, search: number): BudgetLimits => ({
  general: { limit: general, windowSeconds: 10 },
  search: { limit: search, windowSeconds: 1 },
});

async function dbSecond(handle: DbHandle): Promise<number> {
  const r = await q<{ s: string }>(handle.db, sql`select floor(extract(epoch from clock_timestamp()))::bigint as s`);
  return Number(r[0]?.s);
}

describe("shared HubSpot request budget", () => {
  let handle: DbHandle;
  let other: { handle: DbHandle; separate: boolean };
  beforeAll(async () => {
    handle = await openTestDb();
    other = await secondHandle(handle);
  });
  afterAll(async () => {
    await other.handle.close();
    await handle.close();
  });
  beforeEach(async () => {
    await handle.db.execute(sql`delete from hubspot_budget`);
  });

  it("grants exactly the limit within the window, then says how long to wait", async () => {
    const l = limits(5, 2);
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await tryAcquireBudget(handle.db, "general", l));
    expect(results.filter((r) => r.granted)).toHaveLength(5);
    const refused = results.filter((r) => !r.granted);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(r.waitMs).toBeGreaterThan(0);
      expect(r.waitMs).toBeLessThanOrEqual(11_000);
    }
  });

  it("counts the whole rolling window (window + 1 whole seconds), and forgets what is older", async () => {
    const l = limits(3, 2);
    const now = await dbSecond(handle);
    await handle.db.execute(sql`insert into hubspot_budget (bucket, second, count) values ('general', ${now - 9}, 3)`);
    expect((await tryAcquireBudget(handle.db, "general", l)).granted).toBe(false);
    await handle.db.execute(sql`delete from hubspot_budget`);
    await handle.db.execute(sql`insert into hubspot_budget (bucket, second, count) values ('general', ${now - 12}, 3)`);
    expect((await tryAcquireBudget(handle.db, "general", l)).granted).toBe(true);
  });

  it("makes a search take a slot in both the search and the general bucket", async () => {
    const l = limits(10, 2);
    expect((await tryAcquireBudget(handle.db, "search", l)).granted).toBe(true);
    expect((await tryAcquireBudget(handle.db, "search", l)).granted).toBe(true);
    expect((await tryAcquireBudget(handle.db, "search", l)).granted).toBe(false);
    // general requests are not blocked by the search limit
    expect((await tryAcquireBudget(handle.db, "general", l)).granted).toBe(true);
    const rows = await q<{ bucket: string; total: string }>(handle.db, 
      sql`select bucket, sum(count)::text as total from hubspot_budget group by bucket order by bucket`,
    );
    expect(rows).toEqual([
      { bucket: "general", total: "3" },
      { bucket: "search", total: "2" },
    ]);
  });

  it("never grants more than the limit to concurrent instances", async () => {
    const l = limits(15, 4);
    const attempts = Array.from({ length: 40 }, (_, i) => tryAcquireBudget(i % 2 === 0 ? handle.db : other.handle.db, "general", l));
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.granted)).toHaveLength(15);
    const total = await q<{ total: string }>(handle.db, sql`select coalesce(sum(count), 0)::text as total from hubspot_budget`);
    expect(total[0]?.total).toBe("15");
  });

  it("waits for a slot when the deadline allows it, and fails fast when it does not", async () => {
    const l = limits(100, 1);
    // The caller's deadline is read on an injected clock that moves only by the waits themselves;
    // the waits are real (the window moves on the database clock) and recorded.
    let now = 0;
    const waits: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        waits.push(ms);
        now += ms;
        await new Promise((r) => setTimeout(r, ms));
      },
    };
    await acquireBudget("search", { db: handle.db, limits: l, deadline: now + 1000, ...clock });
    expect(waits).toEqual([]);
    // The first search's slot is moved one second ahead: the window stays full for 2–3 s, however
    // slowly the next lines run.
    await handle.db.execute(sql`update hubspot_budget set second = second + 1 where bucket = 'search'`);
    await expect(acquireBudget("search", { db: handle.db, limits: l, deadline: now + 50, ...clock })).rejects.toSatisfy(
      (e: unknown) => isAppError(e) && e.code === "UPSTREAM_UNAVAILABLE",
    );
    expect(waits).toEqual([]); // failed at once: the next slot was further than the deadline
    await acquireBudget("search", { db: other.handle.db, limits: l, deadline: now + 10_000, ...clock });
    // the second search had to wait for the first one's second to leave the window
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect((await tryAcquireBudget(handle.db, "search", l)).granted).toBe(false); // and took the slot
  });

  it("prunes rows nobody will read again", async () => {
    const now = await dbSecond(handle);
    await handle.db.execute(sql`insert into hubspot_budget (bucket, second, count) values ('general', ${now - 3600}, 7)`);
    expect((await tryAcquireBudget(handle.db, "general", limits(5, 2))).granted).toBe(true);
    const old = await q(handle.db, sql`select * from hubspot_budget where second < ${now - 60}`);
    expect(old).toHaveLength(0);
  });

  it("runs against a separate connection pool when a PostgreSQL server is configured", () => {
    expect(other.separate).toBe(Boolean(process.env.TEST_DATABASE_URL));
  });
});
