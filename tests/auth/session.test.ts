import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { buildAuthOptions } from "@/lib/auth/options";
import { SESSION_MAX_AGE_MS, checkSessionClaims, raiseRevocationEpoch, readSessionClaims, revokeSession } from "@/lib/auth/session-core";
import type { DbHandle } from "@/lib/db/client";
import { revokedSessions, sessionEpochs } from "@/lib/db/schema";
import { openTestDb } from "../support/db";
import { fakeClock } from "./support";

describe("1-hour sessions and revocation", () => {
  let handle: DbHandle;
  let clock: ReturnType<typeof fakeClock>;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    await handle.db.delete(sessionEpochs);
    await handle.db.delete(revokedSessions);
    clock = fakeClock();
  });

  const options = () =>
    buildAuthOptions({ db: async () => handle.db, now: clock.now, resolveContact: async () => "101" });

  /** What next-auth's callback route does right after authorize() succeeded. */
  async function signIn(contactId = "101"): Promise<JWT> {
    const jwt = options().callbacks!.jwt!;
    const user = { id: contactId, contactId, channel: "email", identity: "camille.martin@example.fr", locale: "fr" };
    return jwt({ token: { sub: contactId }, user, account: null, trigger: "signIn" } as never);
  }
  /** What next-auth does on every /api/auth/session read (and what refreshes the cookie). */
  async function touch(token: JWT): Promise<JWT> {
    return options().callbacks!.jwt!({ token } as never);
  }
  const check = (token: JWT) => checkSessionClaims(handle.db, readSessionClaims(token)!, clock.now());

  it("the token carries the contact, a random session id and the sign-in time, nothing else personal", async () => {
    const token = await signIn();
    expect(token).toMatchObject({ contactId: "101", channel: "email", signedInAt: clock.now(), locale: "fr" });
    expect(String(token.sessionId)).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await signIn()).sessionId).not.toBe(token.sessionId);
    expect(token).not.toHaveProperty("name");
    expect(token).not.toHaveProperty("picture");
    const session = await check(token);
    expect(session).toMatchObject({ contactId: "101", expiresAt: clock.now() + SESSION_MAX_AGE_MS });
  });

  it("a session used every minute is refused 1 hour after sign-in", async () => {
    let token = await signIn();
    for (let minute = 1; minute < 60; minute++) {
      clock.advance(60_000);
      token = await touch(token);
      expect(await check(token)).not.toBeNull();
    }
    clock.advance(60_000); // 60 minutes after sign-in
    await expect(touch(token)).rejects.toThrow(/expired or revoked/);
    expect(await check(token)).toBeNull();
  });

  it("sign-out revokes that session at once, and only that one", async () => {
    const mine = await signIn();
    const other = await signIn();
    clock.advance(5_000);
    await revokeSession(handle.db, readSessionClaims(mine)!, clock.now());
    expect(await check(mine)).toBeNull();
    await expect(touch(mine)).rejects.toThrow();
    expect(await check(other)).not.toBeNull();
  });

  it("sign-out everywhere revokes every existing session of the contact, not later ones nor others'", async () => {
    const phone = await signIn("101");
    const laptop = await signIn("101");
    const antoine = await signIn("202");
    clock.advance(1_000);
    await raiseRevocationEpoch(handle.db, "101", clock.now());
    expect(await check(phone)).toBeNull();
    expect(await check(laptop)).toBeNull();
    expect(await check(antoine)).not.toBeNull();
    clock.advance(1_000);
    const fresh = await signIn("101");
    expect(await check(fresh)).not.toBeNull();
    // A late, older call never lowers the epoch.
    await raiseRevocationEpoch(handle.db, "101", clock.now() - 60_000);
    expect(await check(phone)).toBeNull();
  });

  it("a blocked contact (erasure) has no session", async () => {
    const token = await signIn("101");
    await handle.db.insert(sessionEpochs).values({ contactId: "101", revokedBefore: new Date(0), signInBlocked: new Date(clock.now()) });
    expect(await check(token)).toBeNull();
  });

  it("tokens without our claims, or signed in the future, are refused", async () => {
    expect(readSessionClaims({ sub: "101" })).toBeNull();
    expect(readSessionClaims({ contactId: "1 OR 1=1", sessionId: "x".repeat(24), signedInAt: 1, channel: "email", identity: "a@b.c" })).toBeNull();
    const token = await signIn();
    clock.advance(-5 * 60_000);
    expect(await check(token)).toBeNull();
  });

  it("the session given to the browser says when it ends and who, nothing more", async () => {
    const token = await signIn();
    const session = await options().callbacks!.session!({ session: { expires: "" }, token } as never);
    expect(session).toEqual({ expires: new Date(clock.now() + SESSION_MAX_AGE_MS).toISOString(), user: { contactId: "101" } });
  });
});
