import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hubspotCreates } from "@/lib/db/schema";
import { AppError, RetryLaterError } from "@/lib/errors";
import { createObject } from "@/lib/hubspot/api";
import { createOnce } from "@/lib/hubspot/create-once";
import { uploadPrivateFile } from "@/lib/hubspot/conversations";
import { findTicketByBookingId } from "@/lib/hubspot/meetings";
import { fixtureSeed } from "../sandbox/fixtures";
import { startStack, type Stack } from "./support/stack";

/**
 * Issue 15 point 2: exactly-once creates under HubSpot's real consistency. The sandbox's search
 * lags 5 s behind writes (its clock and createOnce's are the same injected clock: nothing waits on
 * real time). A create applied by HubSpot whose answer was lost must not be sent again, even though
 * a search right after it finds nothing.
 */
const LAG = 5_000;
const SETTLE = 6_000;
let now = Date.parse("2026-03-02T09:00:00Z");
let stack: Stack;

beforeAll(async () => {
  process.env.SANDBOX_SEARCH_LAG_MS = String(LAG);
  stack = await startStack(fixtureSeed, { sandboxClock: { now: () => now, sleep: async () => undefined } });
}, 60_000);
afterAll(async () => {
  delete process.env.SANDBOX_SEARCH_LAG_MS;
  await stack?.close();
});

const ticketsOf = (bookingId: string) => stack.sandbox.store.list("tickets").filter((t) => t.properties.portal_booking_id === bookingId);
const lostAnswer = () => new AppError("UPSTREAM_UNAVAILABLE", "HubSpot tickets.create: not retried (timeout): the write may have been applied", { details: { maybeApplied: true } });

function job(bookingId: string, create: () => Promise<string>) {
  return createOnce({
    key: `ticket:booking:${bookingId}`,
    objectType: "tickets",
    find: async () => (await findTicketByBookingId(bookingId))?.id ?? null,
    create,
    db: stack.db.db,
    now: () => now,
    settleMs: SETTLE,
  });
}
const realCreate = (bookingId: string) => async () => (await createObject("tickets", { subject: "Dépannage", portal_booking_id: bookingId })).id;

describe("createOnce against a lagging search", () => {
  it("a create applied but unanswered is found after the lag, never sent twice", async () => {
    const bookingId = randomUUID();
    // Attempt 1: HubSpot applies it, the answer is lost.
    await expect(
      job(bookingId, async () => {
        await realCreate(bookingId)();
        throw lostAnswer();
      }),
    ).rejects.toThrow(/may have been applied/);
    expect(ticketsOf(bookingId)).toHaveLength(1);
    // What search-then-create did: the search right after finds nothing.
    expect(await findTicketByBookingId(bookingId)).toBeNull();

    // Attempt 2, at once: told to come back once the create could be applied and indexed.
    const early = await job(bookingId, realCreate(bookingId)).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(RetryLaterError);
    expect((early as RetryLaterError).retryAfterMs).toBe(SETTLE);

    // Attempt 3, after the settle time: found, recorded, not created again.
    now += SETTLE;
    const id = await job(bookingId, realCreate(bookingId));
    expect(ticketsOf(bookingId).map((t) => t.id)).toEqual([id]);
    const [row] = await stack.db.db.select().from(hubspotCreates).where(eq(hubspotCreates.key, `ticket:booking:${bookingId}`));
    expect(row).toMatchObject({ hubspotId: id, resolvedBy: "found", attemptStartedAt: null, attempts: 1 });

    // Later runs answer the recorded id without asking HubSpot.
    expect(await job(bookingId, () => Promise.reject(new Error("must not be called")))).toBe(id);
  });

  it("a create that was lost before HubSpot applied it is created once the lag has passed", async () => {
    const bookingId = randomUUID();
    await expect(job(bookingId, () => Promise.reject(lostAnswer()))).rejects.toThrow();
    now += SETTLE;
    const id = await job(bookingId, realCreate(bookingId));
    expect(ticketsOf(bookingId).map((t) => t.id)).toEqual([id]);
  });

  it("a create HubSpot refused (4xx) is retried at once: nothing was applied", async () => {
    const bookingId = randomUUID();
    await expect(job(bookingId, () => Promise.reject(new AppError("VALIDATION", "HubSpot tickets.create: rejected (400)")))).rejects.toThrow(/rejected/);
    const id = await job(bookingId, realCreate(bookingId));
    expect(ticketsOf(bookingId).map((t) => t.id)).toEqual([id]);
  });

  it("two workers on one key: one creates, the other is told to retry later", async () => {
    const bookingId = randomUUID();
    let release!: () => void;
    let claimed!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sending = new Promise<void>((r) => (claimed = r));
    const first = job(bookingId, async () => {
      claimed();
      await gate;
      return realCreate(bookingId)();
    });
    // The first has claimed the attempt and is sending it when the second starts.
    await sending;
    const second = await job(bookingId, realCreate(bookingId)).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(RetryLaterError);
    release();
    const id = await first;
    expect(ticketsOf(bookingId).map((t) => t.id)).toEqual([id]);
    expect(await job(bookingId, realCreate(bookingId))).toBe(id);
  });

  it("an upload sent again after a lost answer returns the stored file, not a copy (HubSpot's duplicate validation)", async () => {
    const bytes = new TextEncoder().encode(`photo ${randomUUID()}`);
    const folder = `/portail/messages/10001/${randomUUID()}`;
    const first = await uploadPrivateFile(bytes, "photo.txt", folder);
    expect(await uploadPrivateFile(bytes, "photo.txt", folder)).toBe(first);
    expect(stack.sandbox.store.listFiles().filter((f) => f.path.startsWith(`${folder}/`))).toHaveLength(1);
    // Another upload (its own folder) of the same bytes is its own file.
    expect(await uploadPrivateFile(bytes, "photo.txt", `${folder}-b`)).not.toBe(first);
  });
});
