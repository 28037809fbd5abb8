import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { checkSessionClaims, raiseRevocationEpoch, revokeSession, type SessionClaims } from "@/lib/auth/session-core";
import type { Db, DbHandle } from "@/lib/db/client";
import { forgetContactRows, forgetTableRows, getRowMemoryStats, readContactRows, useRowMemoryForTests } from "@/lib/memory-cache/row-memory";
import { readRecordedPipelines } from "@/lib/hubspot/pipelines";
import { openTestDb } from "../support/db";
import { counter, databaseUrl, waitFor } from "../support/memory-layer";
import { q } from "../hubspot/support/query";

/**
 * The process's copy of the customer rows read by every page view (lib/memory-cache/row-memory.ts): a
 * repeated read does not reach the database, and any change to those rows — by the portal's code
 * or by anyone with SQL — drops the copy through the triggers of migration 0009 (PGlite: before
 * the write returns; PostgreSQL: through this instance's LISTEN connection).
 */



describe("memory copy of the customers' portal rows", () => {
  let handle: DbHandle;
  let url: string | undefined;
  beforeAll(async () => {
    handle = await openTestDb();
    url = await databaseUrl(handle);
    await useRowMemoryForTests(handle, url);
  });
  afterAll(async () => {
    await useRowMemoryForTests(undefined);
    await handle.close();
  });
  beforeEach(() => {
    forgetContactRows("c1");
    forgetContactRows("c2");
  });

  /** A write made behind the code's back: only the trigger can tell the copy. */
  async function sqlWrite(statement: ReturnType<typeof sql>) {
    const epoch = getRowMemoryStats().epoch;
    await handle.db.execute(statement);
    // PGlite: delivered before execute() returned. PostgreSQL: the notification comes on the LISTEN connection.
    if (url) expect(await waitFor(() => getRowMemoryStats().epoch > epoch)).toBe(true);
    else expect(getRowMemoryStats().epoch).toBeGreaterThan(epoch);
  }

  it("a repeated read is served from memory, as a copy the caller may change", async () => {
    const load = counter(() => [{ id: "a", at: new Date("2026-11-24T10:00:00Z") }]);
    const first = await readContactRows(handle.db, "c1", "k", load);
    first[0]!.id = "changed by the caller";
    const second = await readContactRows(handle.db, "c1", "k", load);
    expect(load.calls).toBe(1);
    expect(second).toEqual([{ id: "a", at: new Date("2026-11-24T10:00:00Z") }]);
  });

  it("a hit near the end of the copy's life is answered at once and reads the rows again in the background, once", async () => {
    let version = 1;
    const load = counter(() => `v${version}`);
    const start = Date.now();
    expect(await readContactRows(handle.db, "c1", "ahead", load)).toBe("v1");
    version = 2; // what the next load answers (only to see which copy each read gets)
    const now = vi.spyOn(Date, "now");
    try {
      now.mockReturnValue(start + 30_000); // copies live 48–60 s: not in their last quarter yet
      expect(await readContactRows(handle.db, "c1", "ahead", load)).toBe("v1");
      expect(load.calls).toBe(1);
      now.mockReturnValue(start + 46_000); // in its last quarter, not expired
      expect(await readContactRows(handle.db, "c1", "ahead", load)).toBe("v1"); // at once
      expect(load.calls).toBe(2); // the background read started
      await readContactRows(handle.db, "c1", "ahead", load); // the old copy or the new one, never a third load
      expect(load.calls).toBe(2);
      // The background read lands (waited for, not guessed): the same hit then answers the new copy.
      while ((await readContactRows(handle.db, "c1", "ahead", load)) !== "v2") await new Promise((r) => setTimeout(r, 10));
      expect(load.calls).toBe(2);
      now.mockReturnValue(start + 46_000 + 30_000); // past the first copy's end, inside the new one's
      expect(await readContactRows(handle.db, "c1", "ahead", load)).toBe("v2");
      expect(load.calls).toBe(2);
    } finally {
      now.mockRestore();
    }
  });

  it("an insert, update, delete or truncate by anyone drops that customer's copy only", async () => {
    const c1 = counter(() => "c1 rows");
    const c2 = counter(() => "c2 rows");
    const both = async () => {
      await readContactRows(handle.db, "c1", "addresses", c1);
      await readContactRows(handle.db, "c2", "addresses", c2);
    };
    await both();
    await both();
    expect([c1.calls, c2.calls]).toEqual([1, 1]);

    await sqlWrite(sql`insert into customer_addresses (id, contact_id, line, zip, city, is_default) values ('a1', 'c1', '1 rue A', '75011', 'Paris', true)`);
    await both();
    expect([c1.calls, c2.calls]).toEqual([2, 1]);

    await sqlWrite(sql`update customer_addresses set city = 'Lyon' where id = 'a1'`);
    await both();
    expect([c1.calls, c2.calls]).toEqual([3, 1]);

    await sqlWrite(sql`delete from customer_addresses where id = 'a1'`);
    await both();
    expect([c1.calls, c2.calls]).toEqual([4, 1]);

    await sqlWrite(sql`truncate customer_addresses`);
    await both();
    expect([c1.calls, c2.calls]).toEqual([5, 2]);
  });

  it("every table read on page views has its trigger", async () => {
    const triggers = await q<{ table: string; action: string }>(
      handle.db,
      sql`select distinct event_object_table as table, action_statement as action from information_schema.triggers where trigger_name like '%_notify'`,
    );
    const on = (fn: string) => triggers.filter((t) => t.action.includes(fn)).map((t) => t.table).sort();
    expect(on("duret_notify_contact_rows")).toEqual(
      ["customer_addresses", "quote_decisions", "quote_signatures", "reservations", "revoked_sessions", "session_epochs", "survey_responses"].sort(),
    );
    // The settings' own copy (lib/settings) has its own channel.
    expect(on("duret_notify_settings")).toEqual(["portal_settings"]);
    // Shared rows read on many pages (statement trigger, the table's name on duret_rows).
    expect(on("duret_notify_shared_rows")).toEqual(["hubspot_pipeline_ids"]);
  });

  it("the recorded HubSpot pipeline ids are read once, and again after any write to them (setup, another instance, psql)", async () => {
    forgetTableRows("hubspot_pipeline_ids");
    await handle.db.execute(sql`delete from hubspot_pipeline_ids`);
    await sqlWrite(sql`insert into hubspot_pipeline_ids (pipeline_key, stage_key, hubspot_id, source) values ('interventions', '', '111', 'setup')`);
    expect((await readRecordedPipelines(handle.db)).interventions?.pipelineId).toBe("111");
    const { misses } = getRowMemoryStats();
    expect((await readRecordedPipelines(handle.db)).interventions?.pipelineId).toBe("111");
    expect(getRowMemoryStats().misses).toBe(misses); // from memory
    // Written behind the code's back (hubspot:setup runs in its own process): the trigger drops the copy.
    await sqlWrite(sql`update hubspot_pipeline_ids set hubspot_id = '222' where pipeline_key = 'interventions' and stage_key = ''`);
    expect((await readRecordedPipelines(handle.db)).interventions?.pipelineId).toBe("222");
    await sqlWrite(sql`delete from hubspot_pipeline_ids`);
    expect((await readRecordedPipelines(handle.db)).interventions).toBeUndefined();
  });

  it("a read overtaken by a change does not store what it read", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async () => {
      await gate;
      return "read before the change";
    };
    const pending = readContactRows(handle.db, "c1", "slow", slow);
    forgetContactRows("c1");
    release();
    expect(await pending).toBe("read before the change");
    const again = counter(() => "fresh");
    expect(await readContactRows(handle.db, "c1", "slow", again)).toBe("fresh");
    expect(again.calls).toBe(1);
  });

  describe("another database", () => {
    // Opened in a hook: migrating a second database is set-up, and under load it can take longer
    // than a test's own time limit.
    let other: DbHandle;
    beforeAll(async () => {
      other = await openTestDb();
    });
    afterAll(async () => {
      await other?.close();
    });

    it("reads on another database or inside a transaction never use it", async () => {
      const load = counter(() => 1);
      await readContactRows(other.db, "c1", "k", load);
      await readContactRows(other.db, "c1", "k", load);
      await handle.db.transaction(async (tx) => {
        await readContactRows(tx as unknown as Db, "c1", "k", load);
        await readContactRows(tx as unknown as Db, "c1", "k", load);
      });
      expect(load.calls).toBe(4);
    });
  });

  describe("session checks", () => {
    const now = Date.parse("2026-11-24T10:00:00Z");
    const claims = (contactId: string, sessionId: string): SessionClaims => ({
      contactId,
      sessionId,
      signedInAt: now - 60_000,
      channel: "email",
      identity: "camille.martin@example.fr",
      locale: "fr",
    });

    it("sign-out and sign-out everywhere bite at once on this instance", async () => {
      const a = claims("c1", "session-aaaaaaaaaaaaaaaa");
      const b = claims("c1", "session-bbbbbbbbbbbbbbbb");
      expect(await checkSessionClaims(handle.db, a, now)).not.toBeNull();
      expect(await checkSessionClaims(handle.db, b, now)).not.toBeNull();
      const hits = getRowMemoryStats().hits;
      expect(await checkSessionClaims(handle.db, a, now)).not.toBeNull();
      expect(getRowMemoryStats().hits).toBe(hits + 1);

      await revokeSession(handle.db, a, now);
      expect(await checkSessionClaims(handle.db, a, now)).toBeNull();
      expect(await checkSessionClaims(handle.db, b, now)).not.toBeNull();

      await raiseRevocationEpoch(handle.db, "c1", now);
      expect(await checkSessionClaims(handle.db, b, now)).toBeNull();
    });

    it("a block written by SQL (an operator, another instance) is seen through the trigger", async () => {
      const c = claims("c2", "session-cccccccccccccccc");
      expect(await checkSessionClaims(handle.db, c, now)).not.toBeNull();
      expect(await checkSessionClaims(handle.db, c, now)).not.toBeNull();
      await sqlWrite(sql`insert into session_epochs (contact_id, revoked_before, sign_in_blocked) values ('c2', now(), now())`);
      expect(await checkSessionClaims(handle.db, c, now)).toBeNull();
    });
  });
});
