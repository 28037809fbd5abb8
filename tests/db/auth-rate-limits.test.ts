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

  it("5 messages per identity per 15 minutes, whichever instance serves them", async () => {
    const statuses: string[] = [];
    for (let i = 0; i < 8; i++) {
      const instance = i % 2 === 0 ? a : b.handle;
      // A different IP each time: only the identity limit can refuse.
      statuses.push((await requestSignIn(deps(instance, `192.0.2.${i + 1}`), { identifiant: "06 12 34 56 78" })).status);
    }
    expect(statuses).toEqual(["code-sent", "code-sent", "code-sent", "code-sent", "code-sent", "rate-limited", "rate-limited", "rate-limited"]);
    expect(await a.db.select().from(outbox)).toHaveLength(5);
  });

  it("concurrent requests on both instances never exceed the identity limit", async () => {
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) => requestSignIn(deps(i % 2 ? a : b.handle, `198.51.100.${i + 1}`), { identifiant: "concurrent@example.fr" })),
    );
    expect(replies.filter((r) => r.status === "email-sent")).toHaveLength(5);
  });

  it("code checks per IP are counted once for all instances", async () => {
    const results = [];
    for (let i = 0; i < 32; i++) results.push(await takeVerifySlot(i % 2 ? a.db : b.handle.db, "203.0.113.77"));
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    expect(results.at(-1)).toMatchObject({ ok: false });
  });
});
