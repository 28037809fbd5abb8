import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAccountHandlers } from "@/lib/account/outbox-handlers";
import { updateContactDetails } from "@/lib/account/update-contact-details";
import { outbox } from "@/lib/db/schema";
import { readObject } from "@/lib/hubspot/api";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { buildSeed } from "@/sandbox/seed";
import { FakeTransports } from "../outbox/support";
import { startStack, type Stack } from "../hubspot/support/stack";

/**
 * Two name changes accepted while HubSpot fails retry independently (jittered backoff): when the
 * older one is delivered last, it must not put the older name back (found by bench/resilience.ts).
 */
describe("contact changes delivered out of order", () => {
  let stack: Stack;
  const fake = new FakeTransports();
  beforeAll(async () => {
    stack = await startStack(() => buildSeed({ now: new Date() }));
    registerAccountHandlers();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("keeps the newest accepted value in HubSpot", async () => {
    const db = stack.db.db;
    const camille = stack.seed.demoCustomers[0]!;
    const [first, last] = camille.name.split(" ");
    const details = (lastName: string) => ({ firstName: first!, lastName, email: camille.email, phone: camille.phone });
    const t = Date.now();
    expect((await updateContactDetails(camille.contactId, details(`${last}-Ancien`), { locale: "fr", now: t })).saved).toBe(true);
    await new Promise((r) => setTimeout(r, 5));
    expect((await updateContactDetails(camille.contactId, details(`${last}-Nouveau`), { locale: "fr", now: t + 1000 })).saved).toBe(true);
    const rows = await db.select().from(outbox).where(like(outbox.idempotencyKey, `account:names:${camille.contactId}:%`));
    expect(rows).toHaveLength(2);
    const older = rows.find((r) => r.idempotencyKey.endsWith(`:${t}`))!;
    // The older change "failed" and waits for its retry; the newer one is delivered first.
    await db.update(outbox).set({ nextAttemptAt: new Date(Date.now() + 3_600_000) }).where(eq(outbox.id, older.id));
    await runOutboxOnce({ db, transports: fake.transports });
    expect((await readObject("contacts", camille.contactId, ["lastname"])).properties.lastname).toBe(`${last}-Nouveau`);
    // Then the older one's retry comes due.
    await db.update(outbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outbox.id, older.id));
    await runOutboxOnce({ db, transports: fake.transports });
    const [after] = await db.select().from(outbox).where(eq(outbox.id, older.id));
    expect(after!.status).toBe("sent");
    expect((await readObject("contacts", camille.contactId, ["lastname"])).properties.lastname).toBe(`${last}-Nouveau`);
  });
});
