import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_CODE_TRIES } from "@/lib/auth/attempts";
import { clientIp } from "@/lib/auth/request-context";
import { CODE_SENT_MESSAGE, EMAIL_SENT_MESSAGE, requestSignIn, signInDelivery, signInMessageKey, type RequestSignInDeps } from "@/lib/auth/request-sign-in";
import { verifySignIn, type VerifySignInDeps } from "@/lib/auth/verify-sign-in";
import { PEER_ADDRESS_HEADER, clientAddress } from "@/lib/client-address";
import type { DbHandle } from "@/lib/db/client";
import { outbox, sessionEpochs, signInAttempts } from "@/lib/db/schema";
import { openTestDb } from "../support/db";
import { attemptRows, fakeClock, lastAttemptId, sentSecret } from "./support";

const SITE = "https://espace.duret-electricite.fr";

describe("sign-in by email link and SMS code", () => {
  let handle: DbHandle;
  let clock: ReturnType<typeof fakeClock>;
  let ipCounter = 0;
  let contacts: Map<string, string>;
  const created: string[] = [];

  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    await handle.db.execute(sql`delete from rate_limits`);
    await handle.db.delete(signInAttempts);
    await handle.db.delete(outbox);
    await handle.db.delete(sessionEpochs);
    clock = fakeClock();
    ipCounter += 1;
    contacts = new Map([
      ["camille.martin@example.fr", "101"],
      ["+33612345678", "101"],
    ]);
    created.length = 0;
  });

  const req = (over: Partial<RequestSignInDeps> = {}): RequestSignInDeps => ({
    db: handle.db,
    siteUrl: SITE,
    ip: `203.0.113.${ipCounter}`,
    locale: "fr",
    now: clock.now,
    ...over,
  });
  const ver = (over: Partial<VerifySignInDeps> = {}): VerifySignInDeps => ({
    db: handle.db,
    ip: `198.51.100.${ipCounter}`,
    now: clock.now,
    resolveContact: async (_channel, identity) => {
      const known = contacts.get(identity);
      if (known) return known;
      const id = String(900 + created.length);
      created.push(identity);
      contacts.set(identity, id);
      return id;
    },
    ...over,
  });

  async function emailLink(identifiant: string, retour?: string) {
    const reply = await requestSignIn(req(), { identifiant, retour });
    expect(reply.status).toBe("email-sent");
    const attemptId = await lastAttemptId(handle.db, identifiant.trim().toLowerCase());
    const sent = await sentSecret(handle.db, attemptId);
    const url = new URL(sent.data.url!);
    return { attemptId: url.searchParams.get("attempt")!, token: url.searchParams.get("token")!, url, sent };
  }

  async function smsCode(identifiant: string) {
    const reply = await requestSignIn(req(), { identifiant });
    if (reply.status !== "code-sent") throw new Error(reply.status);
    const sent = await sentSecret(handle.db, reply.attemptId);
    return { attemptId: reply.attemptId, code: sent.data.code!, sent };
  }

  it("emails a link to the configured site (never the Host header), valid 10 minutes, token stored hashed", async () => {
    const { url, token, attemptId, sent } = await emailLink(" Camille.Martin@Example.fr ", "/documents");
    expect(sent.to).toBe("camille.martin@example.fr");
    expect(sent.data.expiresInMinutes).toBe(10);
    expect(url.origin + url.pathname).toBe(`${SITE}/connexion/lien`);
    const [row] = await attemptRows(handle.db);
    expect(row?.secretHash).not.toContain(token);
    expect(row?.expiresAt.getTime()).toBe(clock.now() + 10 * 60_000);
    // The outbox row holds the link only sealed.
    const rawOutbox = JSON.stringify(await handle.db.select().from(outbox));
    expect(rawOutbox).not.toContain(token);
    const result = await verifySignIn(ver(), { channel: "email", attemptId, token });
    expect(result).toEqual({ ok: true, user: { contactId: "101", channel: "email", identity: "camille.martin@example.fr", callbackPath: "/documents" } });
  });

  it("a link works once", async () => {
    const { attemptId, token } = await emailLink("camille.martin@example.fr");
    expect((await verifySignIn(ver(), { channel: "email", attemptId, token })).ok).toBe(true);
    expect(await verifySignIn(ver(), { channel: "email", attemptId, token })).toEqual({ ok: false, code: "used" });
  });

  it("two clicks at once: only one signs in", async () => {
    const { attemptId, token } = await emailLink("camille.martin@example.fr");
    const results = await Promise.all([1, 2, 3].map(() => verifySignIn(ver(), { channel: "email", attemptId, token })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("a link expires after 10 minutes", async () => {
    const { attemptId, token } = await emailLink("camille.martin@example.fr");
    clock.advance(10 * 60_000 - 1000);
    const early = await emailLink("camille.martin@example.fr");
    clock.advance(1000);
    expect(await verifySignIn(ver(), { channel: "email", attemptId, token })).toEqual({ ok: false, code: "expired" });
    // the second link, 9 min 59 s old, still works
    expect((await verifySignIn(ver(), { channel: "email", attemptId: early.attemptId, token: early.token })).ok).toBe(true);
  });

  it("a wrong or truncated token, or a token of another attempt, is refused", async () => {
    const a = await emailLink("camille.martin@example.fr");
    const b = await emailLink("antoine.girard@example.com");
    expect(await verifySignIn(ver(), { channel: "email", attemptId: a.attemptId, token: b.token })).toEqual({ ok: false, code: "invalid" });
    expect(await verifySignIn(ver(), { channel: "email", attemptId: a.attemptId, token: a.token.slice(1) })).toEqual({ ok: false, code: "invalid" });
    expect(await verifySignIn(ver(), { channel: "email", attemptId: { $ne: 1 }, token: a.token })).toEqual({ ok: false, code: "invalid" });
    // a's link is still good
    expect((await verifySignIn(ver(), { channel: "email", attemptId: a.attemptId, token: a.token })).ok).toBe(true);
  });

  it("texts a 6-digit code to the E.164 number, kept only as a scrypt hash", async () => {
    const { code, sent, attemptId } = await smsCode("06 12 34 56 78");
    expect(sent.to).toBe("+33612345678");
    expect(code).toMatch(/^\d{6}$/);
    const [row] = await attemptRows(handle.db);
    expect(row?.secretHash.startsWith("scrypt$")).toBe(true);
    const result = await verifySignIn(ver(), { channel: "sms", attemptId, code });
    expect(result.ok && result.user.contactId).toBe("101");
  });

  it("after 5 wrong codes, the 6th try fails even with the right code", async () => {
    const { code, attemptId } = await smsCode("06 12 34 56 78");
    const wrong = code === "000000" ? "111111" : "000000";
    const remaining: (number | undefined)[] = [];
    for (let i = 0; i < MAX_CODE_TRIES; i++) {
      const r = await verifySignIn(ver(), { channel: "sms", attemptId, code: wrong });
      expect(r.ok).toBe(false);
      if (!r.ok) remaining.push(r.remainingTries);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    expect(await verifySignIn(ver(), { channel: "sms", attemptId, code })).toEqual({ ok: false, code: "locked", remainingTries: 0 });
  });

  it("parallel guesses cannot get more than 5 tries", async () => {
    const { code, attemptId } = await smsCode("06 12 34 56 78");
    const guesses = Array.from({ length: 12 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
    await Promise.all(guesses.map((g) => verifySignIn(ver(), { channel: "sms", attemptId, code: g })));
    const [row] = await attemptRows(handle.db);
    expect(row?.failedTries).toBe(5);
    expect((await verifySignIn(ver(), { channel: "sms", attemptId, code })).ok).toBe(false);
  });

  it("a right code after 4 wrong ones still signs in, once; a malformed code counts as a try", async () => {
    const { code, attemptId } = await smsCode("06 12 34 56 78");
    for (let i = 0; i < 3; i++) await verifySignIn(ver(), { channel: "sms", attemptId, code: code === "999999" ? "888888" : "999999" });
    expect(await verifySignIn(ver(), { channel: "sms", attemptId, code: "abc" })).toEqual({ ok: false, code: "wrong-code", remainingTries: 1 });
    expect((await verifySignIn(ver(), { channel: "sms", attemptId, code })).ok).toBe(true);
    expect((await verifySignIn(ver(), { channel: "sms", attemptId, code })).ok).toBe(false);
  });

  it("a code expires after 10 minutes and belongs to its own attempt only", async () => {
    const first = await smsCode("06 12 34 56 78");
    const second = await smsCode("07 87 65 43 21");
    expect(await verifySignIn(ver(), { channel: "sms", attemptId: second.attemptId, code: first.code === second.code ? "x" : first.code })).toMatchObject({
      ok: false,
    });
    clock.advance(10 * 60_000);
    expect(await verifySignIn(ver(), { channel: "sms", attemptId: first.attemptId, code: first.code })).toEqual({ ok: false, code: "expired" });
  });

  it("known and unknown identities get the same reply", async () => {
    const known = await requestSignIn(req(), { identifiant: "camille.martin@example.fr" });
    const unknown = await requestSignIn(req(), { identifiant: "personne.inconnue@example.org" });
    expect({ ...unknown, attemptId: "x" }).toEqual({ ...known, attemptId: "x" });
    const knownSms = await requestSignIn(req(), { identifiant: "06 12 34 56 78" });
    const unknownSms = await requestSignIn(req(), { identifiant: "06 99 99 99 99" });
    expect({ ...unknownSms, attemptId: "x" }).toEqual({ ...knownSms, attemptId: "x" });
    // Both got a message (nothing tells them apart, not even whether a message left).
    expect(await handle.db.select().from(outbox)).toHaveLength(4);
  });

  it("a verified identity with no contact yet becomes one; probing alone creates nothing", async () => {
    await requestSignIn(req(), { identifiant: "nouveau.client@example.org" });
    expect(created).toEqual([]);
    const { attemptId, token } = await emailLink("nouveau.client@example.org");
    const result = await verifySignIn(ver(), { channel: "email", attemptId, token });
    expect(created).toEqual(["nouveau.client@example.org"]);
    expect(result.ok && result.user.contactId).toBe("900");
  });

  it("HubSpot unreachable after the code was checked: the attempt is given back, the customer just retries", async () => {
    const { code, attemptId } = await smsCode("06 12 34 56 78");
    const down = await verifySignIn(ver({ resolveContact: () => Promise.reject(new Error("ECONNREFUSED")) }), { channel: "sms", attemptId, code });
    expect(down).toEqual({ ok: false, code: "unavailable" });
    expect((await verifySignIn(ver(), { channel: "sms", attemptId, code })).ok).toBe(true);
  });

  it("the waiting pages tell where the message stands, only once it is true: queued → sent, or failed; nothing for a made-up id", async () => {
    const email = await requestSignIn(req(), { identifiant: "camille.martin@example.fr" });
    const sms = await requestSignIn(req(), { identifiant: "06 12 34 56 78" });
    if (email.status !== "email-sent" || sms.status !== "code-sent") throw new Error("not sent");
    // Queued: the pages say « envoi en cours », never « envoyé ».
    expect(await signInDelivery(handle.db, email.attemptId)).toBe("queued");
    expect(await signInDelivery(handle.db, sms.attemptId)).toBe("queued");
    await handle.db.update(outbox).set({ status: "sent" }).where(eq(outbox.idempotencyKey, signInMessageKey(email.attemptId)));
    await handle.db.update(outbox).set({ status: "dead" }).where(eq(outbox.idempotencyKey, signInMessageKey(sms.attemptId)));
    expect(await signInDelivery(handle.db, email.attemptId)).toBe("sent");
    expect(await signInDelivery(handle.db, sms.attemptId)).toBe("failed");
    expect(await signInDelivery(handle.db, "AAAAAAAAAAAAAAAAAAAAAA")).toBe("unknown");
    expect(await signInDelivery(handle.db, "'; drop table outbox; --")).toBe("unknown");
    expect(EMAIL_SENT_MESSAGE).toMatch(/nous lui envoyons un lien/);
    expect(CODE_SENT_MESSAGE).toMatch(/nous lui envoyons un code/);
  });

  it("a contact whose sign-in is blocked (erasure) cannot sign in", async () => {
    await handle.db.insert(sessionEpochs).values({ contactId: "101", revokedBefore: new Date(clock.now()), signInBlocked: new Date(clock.now()) });
    const { attemptId, token } = await emailLink("camille.martin@example.fr");
    expect(await verifySignIn(ver(), { channel: "email", attemptId, token })).toEqual({ ok: false, code: "blocked" });
  });

  it("bad input changes nothing and says why in French", async () => {
    for (const input of [{}, { identifiant: "" }, { identifiant: "pas-un-email@" }, { identifiant: 12 }, null, "x", { identifiant: "x".repeat(5000) }]) {
      const reply = await requestSignIn(req(), input);
      expect(reply.status).toBe("invalid");
      if (reply.status === "invalid") expect(reply.fieldErrors.identifiant).toMatch(/[éèà]|Indiquez|valide/);
    }
    expect(await attemptRows(handle.db)).toHaveLength(0);
    expect(await handle.db.select().from(outbox)).toHaveLength(0);
  });

  /** Outbox rows (messages that will leave) addressed to `to`. */
  const messagesTo = async (identity: string) => {
    const attempts = new Set((await attemptRows(handle.db)).filter((r) => r.identity === identity).map((r) => `sign-in:${r.id}`));
    return (await handle.db.select().from(outbox)).filter((r) => attempts.has(r.idempotencyKey ?? "")).length;
  };

  it("a client's requests are limited to 20 per 15 minutes, answered « Trop de demandes »", async () => {
    const replies = [];
    for (let i = 0; i < 21; i++) replies.push(await requestSignIn(req(), { identifiant: `client${i}@example.org` }));
    expect(replies.slice(0, 20).every((r) => r.status === "email-sent")).toBe(true);
    expect(replies[20]).toMatchObject({ status: "rate-limited", message: expect.stringMatching(/Trop de demandes de connexion/) });
  });

  it("25 requests from one socket, each with a different forged X-Forwarded-For, are limited like any others", async () => {
    const statuses = [];
    for (let i = 0; i < 25; i++) {
      const ip = clientIp(new Headers({ [PEER_ADDRESS_HEADER]: "192.0.2.50", "x-forwarded-for": `10.${i}.${ipCounter}.1` }));
      statuses.push((await requestSignIn(req({ ip }), { identifiant: `forge${i}@example.org` })).status);
    }
    expect(statuses.filter((s) => s === "email-sent")).toHaveLength(20);
    expect(statuses.slice(20)).toEqual(Array(5).fill("rate-limited"));
  });

  it("behind a trusted proxy, two clients are two clients", async () => {
    const trusted = ["10.0.0.5"];
    const through = (client: string) => clientAddress(new Headers({ [PEER_ADDRESS_HEADER]: "10.0.0.5", "x-forwarded-for": client }), trusted);
    for (let i = 0; i < 20; i++) expect((await requestSignIn(req({ ip: through("203.0.113.200") }), { identifiant: `a${i}@example.org` })).status).toBe("email-sent");
    expect((await requestSignIn(req({ ip: through("203.0.113.200") }), { identifiant: "a20@example.org" })).status).toBe("rate-limited");
    expect((await requestSignIn(req({ ip: through("203.0.113.201") }), { identifiant: "b@example.org" })).status).toBe("email-sent");
  });

  it("to one identity: 3 messages an hour per address and 10 in all; past them the same answer, nothing sent", async () => {
    const email = "camille.martin@example.fr";
    for (let i = 0; i < 5; i++) expect(await requestSignIn(req({ ip: "198.18.1.1" }), { identifiant: email })).toEqual({ status: "email-sent", message: EMAIL_SENT_MESSAGE, attemptId: expect.any(String) });
    expect(await messagesTo(email)).toBe(3);
    for (const ip of ["198.18.1.2", "198.18.1.3", "198.18.1.4"]) {
      for (let i = 0; i < 3; i++) expect((await requestSignIn(req({ ip }), { identifiant: email })).status).toBe("email-sent");
    }
    expect(await messagesTo(email)).toBe(10);
    // SMS: the 4th request from one address gets a code page like the others, with no SMS behind it
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await requestSignIn(req({ ip: "198.18.1.9" }), { identifiant: "06 12 34 56 78" }));
    expect(replies.map((r) => r.status)).toEqual(["code-sent", "code-sent", "code-sent", "code-sent"]);
    expect(await messagesTo("+33612345678")).toBe(3);
    const silent = replies[3]!;
    if (silent.status !== "code-sent") throw new Error(silent.status);
    expect(silent.message).toBe(CODE_SENT_MESSAGE);
    expect((await attemptRows(handle.db)).some((r) => r.id === silent.attemptId)).toBe(true);
  });

  it("a stranger's burst cannot keep the owner out: the link and code already received still sign in, and the owner still gets a new one", async () => {
    const owner = { ip: "198.18.2.1" };
    const stranger = { ip: "203.0.113.66" };
    const heldLink = await emailLink("camille.martin@example.fr");
    const heldCode = await smsCode("06 12 34 56 78");
    const burst = [];
    for (let i = 0; i < 25; i++) {
      burst.push((await requestSignIn(req(stranger), { identifiant: i % 2 ? "camille.martin@example.fr" : "06 12 34 56 78" })).status);
    }
    // the stranger learns nothing but their own address's limit; only 3 + 3 messages went out for them
    expect(burst.slice(0, 20).every((s) => s === "email-sent" || s === "code-sent")).toBe(true);
    expect(burst.slice(20)).toEqual(Array(5).fill("rate-limited"));
    expect(await messagesTo("camille.martin@example.fr")).toBe(1 + 3);
    expect(await messagesTo("+33612345678")).toBe(1 + 3);

    expect((await verifySignIn(ver(owner), { channel: "email", attemptId: heldLink.attemptId, token: heldLink.token })).ok).toBe(true);
    expect((await verifySignIn(ver(owner), { channel: "sms", attemptId: heldCode.attemptId, code: heldCode.code })).ok).toBe(true);
    const fresh = await requestSignIn(req(owner), { identifiant: "camille.martin@example.fr" });
    expect(fresh.status).toBe("email-sent");
    expect(await messagesTo("camille.martin@example.fr")).toBe(1 + 3 + 1);
    const freshRow = (await attemptRows(handle.db)).find((r) => r.requestIp === owner.ip && r.channel === "email");
    const link = new URL((await sentSecret(handle.db, freshRow!.id)).data.url!);
    const again = await verifySignIn(ver(owner), { channel: "email", attemptId: link.searchParams.get("attempt")!, token: link.searchParams.get("token")! });
    expect(again.ok).toBe(true);
  });

  it("checking codes is limited per IP (30 per 15 minutes), whatever the attempt", async () => {
    const codes = await Promise.all([smsCode("06 12 34 56 78"), smsCode("06 11 11 11 11"), smsCode("06 22 22 22 22")]);
    let limited = 0;
    for (let i = 0; i < 35; i++) {
      const target = codes[Math.floor(i / 5) % 3]!;
      const r = await verifySignIn(ver(), { channel: "sms", attemptId: target.attemptId, code: "12345x" });
      if (!r.ok && r.code === "rate-limited") limited += 1;
    }
    expect(limited).toBe(5);
  });
});
