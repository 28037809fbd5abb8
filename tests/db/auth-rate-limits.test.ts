import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestSignIn } from "@/lib/auth/request-sign-in";
import { takeVerifySlot } from "@/lib/auth/rate-limit";
import type { DbHandle } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { secondHandle } from "../hubspot/support/second-handle";
import { openTestDb } from "../support/db";

/**
 * Sign-in limits live in the shared database: two portal instances (two connection pools on one
 * database under TEST_DATABASE_URL; one PGlite otherwise) together send no more than the limit.
 */
describe("sign-in limits across instances", () => {
  let a: DbHandle;
  let b: { handle: DbHandle; separate: boolean };
  beforeAll(async () => {
    a = await openTestDb();
    b = await secondHandle(a);
  });
  afterAll(async () => {
    await b.handle.close();
    await a.close();
  });

  const deps = (handle: DbHandle, ip: string) => ({ db: handle.db, siteUrl: "https://espace.example.fr", ip, locale: "fr" as const });

  it("10 messages per identity per hour, whichever instance serves them; past that the same answer and nothing sent", async () => {
    const statuses: string[] = [];
    for (let i = 0; i < 13; i++) {
      const instance = i % 2 === 0 ? a : b.handle;
      // A different IP each time: only the identity's overall limit can hold messages back.
      statuses.push((await requestSignIn(deps(instance, `192.0.2.${i + 1}`), { identifiant: "06 12 34 56 78" })).status);
    }
    expect(statuses).toEqual(Array(13).fill("code-sent"));
    expect(await a.db.select().from(outbox)).toHaveLength(10);
  });

  it("concurrent requests from one address on both instances never send more than 3 to one identity", async () => {
    const before = (await a.db.select().from(outbox)).length;
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => requestSignIn(deps(i % 2 ? a : b.handle, "198.51.100.1"), { identifiant: "concurrent@example.fr" })),
    );
    expect(replies.every((r) => r.status === "email-sent")).toBe(true);
    expect(await a.db.select().from(outbox)).toHaveLength(before + 3);
  });

  it("code checks per IP are counted once for all instances", async () => {
    const results = [];
    for (let i = 0; i < 32; i++) results.push(await takeVerifySlot(i % 2 ? a.db : b.handle.db, "203.0.113.77"));
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    expect(results.at(-1)).toMatchObject({ ok: false });
  });
});
