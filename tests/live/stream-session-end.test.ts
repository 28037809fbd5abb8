import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { checkSessionClaims, raiseRevocationEpoch, revokeSession, SESSION_MAX_AGE_MS, type SessionClaims } from "@/lib/auth/session-core";
import type { DbHandle } from "@/lib/db/client";
import { revokedSessions, sessionEpochs } from "@/lib/db/schema";
import { createMemoryBus, type LiveBus } from "@/lib/live/bus";
import { setLiveBusForTests } from "@/lib/live/process-bus";
import { HEARTBEAT_MS, openLiveStream } from "@/lib/live/stream";
import { openTestDb } from "../support/db";
import { fakeClock } from "../auth/support";

/**
 * An open /api/live stream ends with its session (issue 18, point 3): sign-out everywhere, sign-out,
 * expiry, and (tests/account/account.sandbox.test.ts) erasure. The in-process bus stands for
 * LISTEN/NOTIFY; the stream's timers are fake and only move when a test moves them, so a stream
 * that closes did so on the revocation itself, not on a heartbeat or its 10-minute lifetime.
 */
describe("live streams end with their session", () => {
  let handle: DbHandle;
  let bus: LiveBus;
  let clock: ReturnType<typeof fakeClock>;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    setLiveBusForTests(undefined);
    await handle.close();
  });
  beforeEach(async () => {
    await handle.db.delete(sessionEpochs);
    await handle.db.delete(revokedSessions);
    clock = fakeClock();
    bus = createMemoryBus();
    setLiveBusForTests(bus);
    // Only the timers: the database and the stream's own promises run as usual.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  let serial = 0;
  function claimsOf(contactId: string, signedInAt = clock.now()): SessionClaims {
    serial++;
    return { contactId, sessionId: `live-session-${String(serial).padStart(8, "0")}`, signedInAt, channel: "email", identity: "camille.martin@example.fr", locale: "fr" };
  }

  /** Opens the stream as /api/live does, and reads it in the background. */
  function open(claims: SessionClaims) {
    const checks: Promise<unknown>[] = [];
    const response = openLiveStream(new Request("http://portail.test/api/live"), claims.contactId, {
      expiresAt: claims.signedInAt + SESSION_MAX_AGE_MS,
      isValid: () => {
        const check = checkSessionClaims(handle.db, claims, clock.now()).then((session) => session !== null);
        checks.push(check);
        return check;
      },
      now: clock.now,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const state = { text: "", done: false };
    const finished = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        state.text += decoder.decode(value, { stream: true });
      }
      state.done = true;
    })();
    return {
      state,
      /** Waits for the session checks started so far, then for what they caused. */
      async settled() {
        await Promise.all(checks);
        await vi.advanceTimersByTimeAsync(0);
        await Promise.race([finished, vi.advanceTimersByTimeAsync(0)]);
      },
      events: () => [...state.text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]),
    };
  }

  /** Lets every pending promise run without moving the timers. */
  const settle = () => vi.advanceTimersByTimeAsync(0);

  it("sign-out everywhere closes the open stream at once, and nothing is delivered after it", async () => {
    const claims = claimsOf("101");
    const stream = open(claims);
    await bus.publish({ contactId: "101", topic: "ticket", id: "30001", at: clock.now() });
    await settle();
    expect(stream.events()).toEqual(["ready", "change"]);

    clock.advance(1_000);
    await raiseRevocationEpoch(handle.db, "101", clock.now());
    await bus.publish({ contactId: "101", topic: "ticket", id: "30002", at: clock.now() });
    await stream.settled(); // no timer moved: the revocation alone closed it
    expect(stream.state.done).toBe(true);
    expect(stream.events()).toEqual(["ready", "change", "session-ended"]);
    expect(stream.state.text).toContain('data: {"reason":"revoked"}');
    expect(stream.state.text).not.toContain("30002");
    // The stream's timers are gone with it.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("sign-out of one session closes that session's stream only; another customer's is untouched", async () => {
    const phone = open(claimsOf("101"));
    const laptopClaims = claimsOf("101");
    const laptop = open(laptopClaims);
    const other = open(claimsOf("202"));
    clock.advance(1_000);
    await revokeSession(handle.db, laptopClaims, clock.now());
    await laptop.settled();
    expect(laptop.state.done).toBe(true);
    expect(laptop.events()).toEqual(["ready", "session-ended"]);
    await bus.publish({ contactId: "101", topic: "ticket", id: "30003", at: clock.now() });
    await bus.publish({ contactId: "202", topic: "ticket", id: "30004", at: clock.now() });
    await settle();
    expect(phone.state.done).toBe(false);
    expect(phone.events()).toEqual(["ready", "change"]);
    expect(other.state.done).toBe(false);
    expect(other.events()).toEqual(["ready", "change"]);
  });

  it("a stream closes when its session reaches its end, not a moment before", async () => {
    // Signed in 55 minutes ago: 5 minutes left (before the stream's own 10-minute lifetime).
    const claims = claimsOf("101", clock.now() - 55 * 60_000);
    const stream = open(claims);
    const tick = async (ms: number) => {
      clock.advance(ms);
      await vi.advanceTimersByTimeAsync(ms);
    };
    await tick(5 * 60_000 - 1);
    expect(stream.state.done).toBe(false);
    expect(stream.events()).toEqual(["ready"]);
    await tick(1);
    await stream.settled();
    expect(stream.state.done).toBe(true);
    expect(stream.events()).toEqual(["ready", "session-ended"]);
    expect(stream.state.text).toContain('data: {"reason":"expired"}');
  });

  it("a revocation whose announcement was lost still ends the stream at the next heartbeat", async () => {
    const claims = claimsOf("101");
    const stream = open(claims);
    clock.advance(1_000);
    // Written straight to the table (an operator, or an instance whose notification never came).
    await handle.db.insert(sessionEpochs).values({ contactId: "101", revokedBefore: new Date(clock.now()) });
    await settle();
    expect(stream.state.done).toBe(false);
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    await stream.settled();
    expect(stream.state.done).toBe(true);
    expect(stream.events()).toEqual(["ready", "session-ended"]);
  });
});
