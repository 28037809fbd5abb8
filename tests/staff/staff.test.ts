import { eq, sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db, DbHandle } from "@/lib/db/client";
import { outbox, staffAudit, staffMembers, staffSignInLinks } from "@/lib/db/schema";
import { openPayload } from "@/lib/outbox/seal";
import { decodeSessionToken } from "@/lib/auth/session-token";
import type { ActiveOwner, StaffDirectory } from "@/lib/staff/directory";
import { changeStaffRole } from "@/lib/staff/members";
import { ADMIN_ONLY_MESSAGE, type StaffSession } from "@/lib/staff/roles";
import {
  checkStaffSession,
  confirmStaffLink,
  requestStaffSignIn,
  secondFactorStep,
  signOutStaff,
  STAFF_LINK_SENT_MESSAGE,
  staffLinkKey,
  verifyStaffSecondFactor,
  type StaffAuthDeps,
} from "@/lib/staff/sign-in";
import { currentTotp } from "@/lib/staff/totp";
import { discardDelivery, retryDelivery } from "@/lib/console/delivery-desk";
import { openTestDb } from "../support/db";

const SITE = "https://espace.duret-electricite.fr";
const SECRET = "staff-test-auth-secret-0123456789abcdefghij";
const START = Date.UTC(2026, 10, 24, 9, 0, 0);

/** HubSpot's active users, as the owners API would list them (archived ones absent). */
function fakeDirectory(emails: string[]) {
  const active = new Set(emails);
  const directory: StaffDirectory = {
    async findActiveOwnerByEmail(email) {
      if (!active.has(email)) return null;
      const i = [...active].indexOf(email);
      return { ownerId: `7000${i}`, userId: `9000${i}`, email, firstName: "Prénom", lastName: "Nom" } satisfies ActiveOwner;
    },
  };
  return { directory, deactivate: (e: string) => active.delete(e) };
}

describe("staff sign-in: email link + TOTP, sessions, roles, audit", () => {
  let handle: DbHandle;
  let now = START;
  let ip = 0;
  let dir: ReturnType<typeof fakeDirectory>;

  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    await handle.db.execute(sql`delete from rate_limits`);
    await handle.db.delete(staffSignInLinks);
    await handle.db.delete(staffMembers);
    await handle.db.delete(outbox);
    now = START;
    ip += 1;
    dir = fakeDirectory(["claire@duret.test", "paul@duret.test"]);
  });

  const deps = (): StaffAuthDeps & { ip: string; locale: "fr" } => ({
    db: handle.db,
    directory: dir.directory,
    authSecret: SECRET,
    siteUrl: SITE,
    adminEmails: ["claire@duret.test"],
    demo: false,
    now: () => now,
    ip: `10.9.0.${ip}`,
    locale: "fr",
  });

  async function linkOf(email: string): Promise<{ linkId: string; token: string }> {
    const [link] = await handle.db.select().from(staffSignInLinks).where(eq(staffSignInLinks.email, email));
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, staffLinkKey(link!.id)));
    const sent = openPayload((row!.payload as { sealed: string }).sealed, row!.id) as { data: { url: string } };
    const url = new URL(sent.data.url);
    return { linkId: url.searchParams.get("lien")!, token: url.searchParams.get("jeton")! };
  }

  /** Both factors; returns the session token and the TOTP secret. */
  async function signIn(email: string): Promise<{ token: string; secret: string; session: StaffSession }> {
    await requestStaffSignIn(deps(), { email });
    const confirmed = await confirmStaffLink(deps(), await linkOf(email));
    if (!confirmed.ok) throw new Error(confirmed.code);
    const step = await secondFactorStep(deps(), confirmed.pendingToken);
    if (!step.ok || step.step !== "enrol") throw new Error("expected enrolment");
    const result = await verifyStaffSecondFactor(deps(), confirmed.pendingToken, await currentTotp(step.secret, now));
    if (!result.ok) throw new Error(result.code);
    return { token: result.sessionToken, secret: step.secret, session: result.session };
  }

  it("answers the same for a stranger and a HubSpot user; only the user gets a link", async () => {
    const a = await requestStaffSignIn(deps(), { email: "stranger@example.fr" });
    const b = await requestStaffSignIn(deps(), { email: "Paul@Duret.test" });
    expect(a).toEqual({ status: "sent", message: STAFF_LINK_SENT_MESSAGE });
    expect(b).toEqual(a);
    const links = await handle.db.select().from(staffSignInLinks);
    expect(links.map((l) => l.email)).toEqual(["paul@duret.test"]);
    expect(links[0]!.secretHash).not.toContain((await linkOf("paul@duret.test")).token);
    expect((await requestStaffSignIn(deps(), { email: "pas-une-adresse" })).status).toBe("invalid");
  });

  it("a link is single use and dies after 15 minutes", async () => {
    await requestStaffSignIn(deps(), { email: "paul@duret.test" });
    const link = await linkOf("paul@duret.test");
    expect((await confirmStaffLink(deps(), link)).ok).toBe(true);
    expect(await confirmStaffLink(deps(), link)).toEqual({ ok: false, code: "used" });

    await requestStaffSignIn(deps(), { email: "claire@duret.test" });
    const late = await linkOf("claire@duret.test");
    now += 15 * 60_000;
    expect(await confirmStaffLink(deps(), late)).toEqual({ ok: false, code: "expired" });
    expect(await confirmStaffLink(deps(), { ...late, token: "x".repeat(43) })).toEqual({ ok: false, code: "invalid" });
  });

  it("TOTP: enrolment then sign-in; a code is accepted once; 5 wrong codes kill the link", async () => {
    const first = await signIn("paul@duret.test");
    expect(first.session.role).toBe("office");
    const [member] = await handle.db.select().from(staffMembers).where(eq(staffMembers.email, "paul@duret.test"));
    expect(member!.totpEnrolledAt).not.toBeNull();
    expect(member!.totpSecret).not.toContain(first.secret); // sealed

    // Second sign-in within the same 30-second step: the same code is refused (replay).
    await requestStaffSignIn(deps(), { email: "paul@duret.test" });
    await handle.db.delete(staffSignInLinks).where(eq(staffSignInLinks.consumedAt, new Date(START)));
    const c = await confirmStaffLink(deps(), await linkOf("paul@duret.test"));
    if (!c.ok) throw new Error(c.code);
    expect((await secondFactorStep(deps(), c.pendingToken)).ok && (await secondFactorStep(deps(), c.pendingToken))).toMatchObject({ step: "code" });
    const replay = await verifyStaffSecondFactor(deps(), c.pendingToken, await currentTotp(first.secret, now));
    expect(replay).toMatchObject({ ok: false, code: "replayed" });
    // The next step's code (30 s later) is accepted.
    now += 30_000;
    expect((await verifyStaffSecondFactor(deps(), c.pendingToken, await currentTotp(first.secret, now))).ok).toBe(true);

    // Five wrong codes: the sixth fails even when right.
    await requestStaffSignIn(deps(), { email: "paul@duret.test" });
    const links = await handle.db.select().from(staffSignInLinks).where(eq(staffSignInLinks.email, "paul@duret.test"));
    const fresh = links.find((l) => !l.consumedAt)!;
    const [row] = await handle.db.select().from(outbox).where(eq(outbox.idempotencyKey, staffLinkKey(fresh.id)));
    const url = new URL((openPayload((row!.payload as { sealed: string }).sealed, row!.id) as { data: { url: string } }).data.url);
    const d = await confirmStaffLink(deps(), { linkId: url.searchParams.get("lien"), token: url.searchParams.get("jeton") });
    if (!d.ok) throw new Error(d.code);
    now += 60_000;
    const right = await currentTotp(first.secret, now);
    const wrong = right === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect((await verifyStaffSecondFactor(deps(), d.pendingToken, wrong)).ok).toBe(false);
    expect(await verifyStaffSecondFactor(deps(), d.pendingToken, right)).toMatchObject({ ok: false, code: "locked" });
  });

  it("sessions: 1 hour, sign-out, sign-out everywhere, a deactivated HubSpot user refused at the next request", async () => {
    const { token, session } = await signIn("paul@duret.test");
    expect(await checkStaffSession(deps(), token)).toMatchObject({ ok: true, session: { email: "paul@duret.test", role: "office" } });
    now += 60 * 60_000;
    expect(await checkStaffSession(deps(), token)).toEqual({ ok: false, reason: "expired" });
    now -= 30 * 60_000;
    dir.deactivate("paul@duret.test");
    expect(await checkStaffSession(deps(), token)).toEqual({ ok: false, reason: "deactivated" });
    dir = fakeDirectory(["claire@duret.test", "paul@duret.test"]);
    expect((await checkStaffSession(deps(), token)).ok).toBe(true);
    await signOutStaff(deps(), session, { everywhere: false });
    expect(await checkStaffSession(deps(), token)).toEqual({ ok: false, reason: "revoked" });
  });

  it("a staff session never grants customer access and vice versa", async () => {
    const { token } = await signIn("paul@duret.test");
    await expect(decodeSessionToken(token, SECRET).catch(() => null)).resolves.toBeNull();
    const customer = await encode({ token: { contactId: "101", sessionId: "s".repeat(20), signedInAt: now, channel: "email", identity: "a@b.fr", locale: "fr" }, secret: SECRET });
    expect(await checkStaffSession(deps(), customer)).toEqual({ ok: false, reason: "expired" });
  });

  it("roles are enforced in the core functions; every change is audited; the trail is append-only", async () => {
    const admin = (await signIn("claire@duret.test")).session;
    now += 30_000;
    const office = (await signIn("paul@duret.test")).session;
    expect(admin.role).toBe("admin");
    await expect(changeStaffRole(handle.db, office, { email: "claire@duret.test", role: "office" }, ["claire@duret.test"])).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: ADMIN_ONLY_MESSAGE,
    });
    await expect(discardDelivery(handle.db, office, { id: "x", reason: "motif" })).rejects.toMatchObject({ userMessage: ADMIN_ONLY_MESSAGE });
    expect(await changeStaffRole(handle.db, admin, { email: "paul@duret.test", role: "admin" }, ["claire@duret.test"])).toEqual({ changed: true });
    const trail = await handle.db.select().from(staffAudit).where(eq(staffAudit.target, "paul@duret.test"));
    expect(trail.map((r) => r.action)).toEqual(expect.arrayContaining(["staff.sign_in", "staff.role.change"]));
    expect(trail.find((r) => r.action === "staff.role.change")).toMatchObject({ staffEmail: "claire@duret.test", before: { role: "office" }, after: { role: "admin" } });
    await expect(handle.db.delete(staffAudit)).rejects.toThrow();
    await expect(handle.db.update(staffAudit).set({ reason: "x" })).rejects.toThrow();
    // The role change applies at the next request.
    expect(retryDelivery).toBeTypeOf("function");
  });
});

export type { Db };
