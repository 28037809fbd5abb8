import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { quoteDecisions, quoteOriginals, quoteSignatures } from "@/lib/db/schema";
import { openTestDb } from "../support/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle?.close();
});

function signatureRow(quoteId: string) {
  const now = new Date();
  return {
    id: randomUUID(),
    quoteId,
    contactId: "10001",
    quoteNumber: "DE-1",
    signerName: "Camille Martin",
    identity: { codeChannel: "sms" },
    consentText: "Bon pour accord",
    signatureKind: "typed",
    openedAt: now,
    consentedAt: now,
    signedAt: now,
    ip: "127.0.0.1",
    userAgent: "test",
    originalId: "o1",
    originalSha256: "00",
    signedPdf: new Uint8Array([1, 2, 3]),
    signedSha256: "11",
    evidence: {},
  };
}

describe("e-signature evidence tables", () => {
  it("refuses UPDATE, DELETE and TRUNCATE on the evidence, the decisions and the originals", async () => {
    const { db } = handle;
    await db.insert(quoteSignatures).values(signatureRow("q-append"));
    await db.insert(quoteDecisions).values({ quoteId: "q-append", contactId: "10001", decision: "signed" });
    await db.insert(quoteOriginals).values({ id: "o-append", quoteId: "q-append", contactId: "10001", dataHash: "d", sha256: "s", pdf: new Uint8Array([9]), signatureBox: {} });
    await expect(db.update(quoteSignatures).set({ signerName: "Mallory" }).where(eq(quoteSignatures.quoteId, "q-append"))).rejects.toThrow();
    await expect(db.delete(quoteSignatures).where(eq(quoteSignatures.quoteId, "q-append"))).rejects.toThrow();
    await expect(db.execute(sql`TRUNCATE quote_signatures`)).rejects.toThrow();
    await expect(db.update(quoteDecisions).set({ decision: "refused" }).where(eq(quoteDecisions.quoteId, "q-append"))).rejects.toThrow();
    await expect(db.delete(quoteOriginals).where(eq(quoteOriginals.id, "o-append"))).rejects.toThrow();
    const [row] = await db.select().from(quoteSignatures).where(eq(quoteSignatures.quoteId, "q-append"));
    expect(row?.signerName).toBe("Camille Martin");
    expect(Buffer.from(row!.signedPdf)).toEqual(Buffer.from([1, 2, 3]));
  });

  it("holds one signature and one decision per quote", async () => {
    const { db } = handle;
    await db.insert(quoteSignatures).values(signatureRow("q-unique"));
    await expect(db.insert(quoteSignatures).values(signatureRow("q-unique"))).rejects.toThrow();
    await db.insert(quoteDecisions).values({ quoteId: "q-unique", contactId: "10001", decision: "signed" });
    await expect(db.insert(quoteDecisions).values({ quoteId: "q-unique", contactId: "10001", decision: "refused" })).rejects.toThrow();
  });
});
