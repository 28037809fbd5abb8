import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { portalUploads } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { attachUploads, MAX_UPLOADS_PER_HOUR, storeUpload } from "@/lib/uploads/store-upload";
import type { ValidatedUpload } from "@/lib/uploads/validate-upload";
import { openTestDb } from "../support/db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => handle?.close());

const file: ValidatedUpload = { bytes: new Uint8Array([1, 2, 3]), mimeType: "image/jpeg", extension: "jpg", fileName: "a.jpg", width: 1, height: 1 };

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    return isAppError(e) ? e.code : String(e);
  }
}

describe("stored uploads", () => {
  it("attach only the customer's own unused uploads of that purpose", async () => {
    const a = await storeUpload("10001", "message", file, handle.db);
    expect(await code(attachUploads(handle.db, "10002", "message", [a.id], "m-antoine"))).toBe("VALIDATION");
    expect(await code(attachUploads(handle.db, "10001", "booking", [a.id], "b-1"))).toBe("VALIDATION");
    expect((await attachUploads(handle.db, "10001", "message", [a.id], "m-1")).map((u) => u.id)).toEqual([a.id]);
    expect(await code(attachUploads(handle.db, "10001", "message", [a.id], "m-2"))).toBe("VALIDATION");
  });

  it("limits uploads per customer per hour and drops day-old orphans", async () => {
    const orphan = await storeUpload("10003", "message", file, handle.db);
    await handle.db.execute(sql`update portal_uploads set created_at = now() - interval '2 days' where id = ${orphan.id}`);
    for (let i = 0; i < MAX_UPLOADS_PER_HOUR; i++) await storeUpload("10004", "message", file, handle.db);
    expect(await code(storeUpload("10004", "message", file, handle.db))).toBe("RATE_LIMITED");
    expect(await code(storeUpload("10005", "message", file, handle.db))).toBe("ok");
    const ids = (await handle.db.select({ id: portalUploads.id }).from(portalUploads)).map((r) => r.id);
    expect(ids).not.toContain(orphan.id);
  });
});
