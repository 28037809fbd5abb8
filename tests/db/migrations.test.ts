import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/current";
import { openTestDb } from "../support/db";

describe("database migrations", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("creates the portal's tables and the btree_gist extension", async () => {
    const tables = await handle.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = rowsOf<{ table_name: string }>(tables).map((r) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(["hubspot_budget", "hubspot_cache", "webhook_events"]));
    const ext = await handle.db.execute(sql`select extname from pg_extension`);
    expect(rowsOf<{ extname: string }>(ext).map((r) => r.extname)).toContain("btree_gist");
  });

  it("refuses a duplicate webhook event id", async () => {
    await handle.db.execute(sql`insert into webhook_events (event_id, subscription_type) values ('e1', 'ticket.creation')`);
    await expect(
      handle.db.execute(sql`insert into webhook_events (event_id, subscription_type) values ('e1', 'ticket.creation')`),
    ).rejects.toThrow();
  });
});
