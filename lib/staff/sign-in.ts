import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, gt, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { rateLimits, staffMembers, staffSignInLinks } from "@/lib/db/schema";
import { log } from "@/lib/log";
import { hashLinkToken, linkTokenMatches, newCodeId, newLinkToken } from "@/lib/one-time-code";
import { enqueueNotification, wakeOutbox } from "@/lib/outbox/enqueue";
import { recordStaffAudit } from "./audit";
import { ownerName, type StaffDirectory } from "./directory";
import { upsertMemberForSignIn } from "./members";
import type { StaffRole, StaffSession } from "./roles";
import { openTotpSecret, sealTotpSecret } from "./secret-box";
import { readPendingSecondFactor, readStaffSession, signPendingSecondFactor, signStaffSession, STAFF_SESSION_MAX_AGE_MS } from "./session-token";
import { staffSignInRequestSchema, totpCodeSchema } from "./schemas";
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from "./totp";

/**
 * Staff sign-in: an email link (first factor; only active users of the HubSpot account get one),
 * then a TOTP code (second factor; enrolled at the first sign-in). Every function takes its clock
 * and its HubSpot directory as dependencies.
 */
export interface StaffAuthDeps {
  db: Db;
  directory: StaffDirectory;
  authSecret: string;
  siteUrl: string;
  adminEmails: readonly string[];
  /** The sandbox demo (the demo identity is created enrolled with its fixed secret). */
  demo: boolean;
  now?: () => number;
}

/** Links live 15 minutes, and the whole sign-in (link, then code) must end within them. */
export const STAFF_LINK_TTL_MS = 15 * 60_000;
/** Wrong authenticator codes per link: the 6th try fails even with the right code. */
export const STAFF_MAX_CODE_TRIES = 5;

export const STAFF_LINK_SENT_MESSAGE = "Si cette adresse est celle d'un utilisateur HubSpot de l'entreprise, un lien vient de partir. Il est valable 15 minutes.";

/**
 * Limits, in the shared database (rate-limiter-flexible, like the customers' sign-in): requests
 * per client address (answered « Trop de demandes »), links per email (past it the answer is the
 * same and nothing is sent), link and code checks per client address.
 */
export const STAFF_SIGN_IN_LIMITS = {
  sendPerIp: { points: 10, duration: 15 * 60 },
  sendPerEmail: { points: 5, duration: 60 * 60 },
  verifyPerIp: { points: 30, duration: 15 * 60 },
} as const;
type LimiterName = keyof typeof STAFF_SIGN_IN_LIMITS;
const limiters = new WeakMap<Db, Record<LimiterName, RateLimiterDrizzle>>();
async function take(db: Db, name: LimiterName, key: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
  let set = limiters.get(db);
  if (!set) {
    const make = (n: LimiterName) =>
      new RateLimiterDrizzle({ storeClient: db, schema: rateLimits, keyPrefix: `staff-sign-in:${n}`, ...STAFF_SIGN_IN_LIMITS[n], clearExpiredByTimeout: false });
    set = { sendPerIp: make("sendPerIp"), sendPerEmail: make("sendPerEmail"), verifyPerIp: make("verifyPerIp") };
    limiters.set(db, set);
  }
  try {
    await set[name].consume(key, 1);
    return { ok: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
    throw error;
  }
}

export { staffSignInRequestSchema, totpCodeSchema };

export type StaffSignInReply =
  | { status: "sent"; message: string }
  | { status: "invalid"; message: string; fieldErrors: Record<string, string> }
  | { status: "rate-limited"; message: string }
  | { status: "unavailable"; message: string };

export function staffLinkKey(linkId: string): string {
  return `staff-sign-in:${linkId}`;
}

/** First step: the same neutral answer whether or not the email is an active HubSpot user. */
export async function requestStaffSignIn(deps: StaffAuthDeps & { ip: string; locale: "fr" | "en" }, raw: unknown): Promise<StaffSignInReply> {
  const parsed = staffSignInRequestSchema.safeParse(raw);
  if (!parsed.success) {
    return { status: "invalid", message: "Vérifiez l'adresse saisie.", fieldErrors: { email: parsed.error.issues[0]?.message ?? "Adresse e-mail invalide." } };
  }
  const email = parsed.data.email.toLowerCase();
  const now = (deps.now ?? Date.now)();
  const byIp = await take(deps.db, "sendPerIp", deps.ip);
  if (!byIp.ok) {
    const minutes = Math.max(1, Math.ceil(byIp.retryAfterSeconds / 60));
    return { status: "rate-limited", message: `Trop de demandes de connexion. Merci de réessayer dans ${minutes} minute${minutes > 1 ? "s" : ""}.` };
  }
  let owner;
  try {
    owner = await deps.directory.findActiveOwnerByEmail(email, now);
  } catch (error) {
    log.warn({ scope: "staff", err: error }, "HubSpot owners unavailable");
    return { status: "unavailable", message: "La liste des utilisateurs HubSpot ne peut pas être lue pour le moment. Merci de réessayer dans quelques minutes." };
  }
  const byEmail = await take(deps.db, "sendPerEmail", hashLinkToken(`staff:${email}`));
  if (owner && byEmail.ok) {
    const linkId = newCodeId();
    const token = newLinkToken();
    await deps.db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      await upsertMemberForSignIn(t, { owner, adminEmails: deps.adminEmails, demo: deps.demo, authSecret: deps.authSecret, now });
      await t.insert(staffSignInLinks).values({
        id: linkId,
        email,
        secretHash: hashLinkToken(token),
        requestIp: deps.ip,
        createdAt: new Date(now),
        expiresAt: new Date(now + STAFF_LINK_TTL_MS),
      });
      const url = new URL("/console/connexion/lien", deps.siteUrl);
      url.searchParams.set("lien", linkId);
      url.searchParams.set("jeton", token);
      await enqueueNotification(t, {
        kind: "email",
        template: "staff-sign-in-link",
        to: email,
        locale: deps.locale,
        data: { url: url.toString(), expiresInMinutes: STAFF_LINK_TTL_MS / 60_000 },
        sensitive: true,
        idempotencyKey: staffLinkKey(linkId),
      });
    });
    // After the commit: the worker sees the row now.
    wakeOutbox();
  }
  return { status: "sent", message: STAFF_LINK_SENT_MESSAGE };
}

export type StaffSignInFailure = "invalid" | "expired" | "used" | "refused" | "locked" | "rate-limited" | "unavailable" | "wrong-code" | "replayed";

export const STAFF_FAILURE_MESSAGES: Record<StaffSignInFailure, string> = {
  invalid: "Ce lien de connexion n'est pas valable. Demandez-en un nouveau.",
  expired: "Ce lien a expiré (15 minutes). Demandez-en un nouveau.",
  used: "Ce lien a déjà servi. Demandez-en un nouveau.",
  refused: "Cette adresse n'est pas celle d'un utilisateur actif du compte HubSpot de l'entreprise.",
  locked: "Trop de codes erronés : ce lien n'est plus valable. Demandez-en un nouveau.",
  "rate-limited": "Trop de tentatives. Merci de réessayer dans quelques minutes.",
  unavailable: "La liste des utilisateurs HubSpot ne peut pas être lue pour le moment. Merci de réessayer dans quelques minutes.",
  "wrong-code": "Code incorrect. Vérifiez l'heure de votre téléphone et saisissez le code affiché maintenant.",
  replayed: "Ce code a déjà servi. Attendez le code suivant de votre application (30 secondes).",
};

const linkInputSchema = z.object({ linkId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/), token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });

/**
 * The link confirmed by a POST (mail scanners only GET): spent at once (single use), and the
 * browser gets a short-lived pending token for the second factor (until the link's expiry).
 */
export async function confirmStaffLink(
  deps: StaffAuthDeps & { ip: string },
  raw: { linkId: unknown; token: unknown },
): Promise<{ ok: true; pendingToken: string; expiresAt: number } | { ok: false; code: StaffSignInFailure }> {
  const input = linkInputSchema.safeParse(raw);
  if (!input.success) return { ok: false, code: "invalid" };
  const slot = await take(deps.db, "verifyPerIp", deps.ip);
  if (!slot.ok) return { ok: false, code: "rate-limited" };
  const now = (deps.now ?? Date.now)();
  const [link] = await deps.db.select().from(staffSignInLinks).where(eq(staffSignInLinks.id, input.data.linkId)).limit(1);
  if (!link || !linkTokenMatches(input.data.token, link.secretHash)) return { ok: false, code: "invalid" };
  if (link.consumedAt) return { ok: false, code: "used" };
  if (link.expiresAt.getTime() <= now) return { ok: false, code: "expired" };
  let owner;
  try {
    owner = await deps.directory.findActiveOwnerByEmail(link.email, now);
  } catch {
    return { ok: false, code: "unavailable" };
  }
  if (!owner) return { ok: false, code: "refused" };
  const spent = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(staffSignInLinks)
      .set({ consumedAt: new Date(now) })
      .where(and(eq(staffSignInLinks.id, link.id), isNull(staffSignInLinks.consumedAt), gt(staffSignInLinks.expiresAt, new Date(now))))
      .returning({ id: staffSignInLinks.id });
    if (rows.length === 0) return false;
    // A fresh link: a fresh set of code tries.
    await tx.update(staffMembers).set({ failedTries: 0 }).where(eq(staffMembers.email, link.email));
    return true;
  });
  if (!spent) return { ok: false, code: "used" };
  const expiresAt = link.expiresAt.getTime();
  return { ok: true, pendingToken: await signPendingSecondFactor({ email: link.email, linkId: link.id, expiresAt, now }, deps.authSecret), expiresAt };
}

type Pending = { email: string; linkId: string; member: typeof staffMembers.$inferSelect; name: string; ownerId: string };

async function loadPending(deps: StaffAuthDeps, pendingToken: string | undefined, now: number): Promise<{ ok: true; pending: Pending } | { ok: false; code: StaffSignInFailure }> {
  const claims = pendingToken ? await readPendingSecondFactor(pendingToken, deps.authSecret, now) : null;
  if (!claims) return { ok: false, code: "expired" };
  const [link] = await deps.db
    .select()
    .from(staffSignInLinks)
    .where(and(eq(staffSignInLinks.id, claims.linkId), eq(staffSignInLinks.email, claims.email), isNotNull(staffSignInLinks.consumedAt)))
    .limit(1);
  if (!link || link.expiresAt.getTime() <= now) return { ok: false, code: "expired" };
  const [member] = await deps.db.select().from(staffMembers).where(eq(staffMembers.email, claims.email)).limit(1);
  if (!member) return { ok: false, code: "refused" };
  if (member.failedTries >= STAFF_MAX_CODE_TRIES) return { ok: false, code: "locked" };
  let owner;
  try {
    owner = await deps.directory.findActiveOwnerByEmail(claims.email, now);
  } catch {
    return { ok: false, code: "unavailable" };
  }
  if (!owner) return { ok: false, code: "refused" };
  return { ok: true, pending: { email: claims.email, linkId: claims.linkId, member, name: ownerName(owner), ownerId: owner.ownerId } };
}

export type SecondFactorStep =
  | { ok: true; step: "code"; email: string }
  | { ok: true; step: "enrol"; email: string; secret: string; uri: string; qrSvg: string }
  | { ok: false; code: StaffSignInFailure };

/**
 * What the second-factor page shows: the code form, or (first sign-in) the enrolment: a new secret
 * stored sealed, shown as a QR code and in text, confirmed by a first code.
 */
export async function secondFactorStep(deps: StaffAuthDeps, pendingToken: string | undefined): Promise<SecondFactorStep> {
  const now = (deps.now ?? Date.now)();
  const loaded = await loadPending(deps, pendingToken, now);
  if (!loaded.ok) return loaded;
  const { member, email } = loaded.pending;
  if (member.totpEnrolledAt) return { ok: true, step: "code", email };
  let secret = member.totpSecret ? openTotpSecret(member.totpSecret, deps.authSecret) : null;
  if (!secret) {
    secret = newTotpSecret();
    // Only while not enrolled: an enrolled secret is never replaced from here.
    const rows = await deps.db
      .update(staffMembers)
      .set({ totpSecret: sealTotpSecret(secret, deps.authSecret), totpLastStep: null })
      .where(and(eq(staffMembers.email, email), isNull(staffMembers.totpEnrolledAt)))
      .returning({ email: staffMembers.email });
    if (rows.length === 0) return { ok: true, step: "code", email };
  }
  const uri = totpUri(email, secret);
  return { ok: true, step: "enrol", email, secret, uri, qrSvg: await totpQrSvg(uri) };
}

export type VerifySecondFactorResult =
  | { ok: true; sessionToken: string; session: StaffSession; enrolled: boolean }
  | { ok: false; code: StaffSignInFailure; remainingTries?: number };

/**
 * The authenticator's code: a try is counted before the code is compared (parallel guesses cannot
 * exceed 5), a code is accepted within ±1 step and once only (its step is stored), and the
 * sign-in is audited in the same transaction that records the step.
 */
export async function verifyStaffSecondFactor(
  deps: StaffAuthDeps & { ip: string; requestId?: string },
  pendingToken: string | undefined,
  rawCode: unknown,
): Promise<VerifySecondFactorResult> {
  const now = (deps.now ?? Date.now)();
  const slot = await take(deps.db, "verifyPerIp", deps.ip);
  if (!slot.ok) return { ok: false, code: "rate-limited" };
  const loaded = await loadPending(deps, pendingToken, now);
  if (!loaded.ok) return loaded;
  const { email, name, ownerId } = loaded.pending;
  const [member] = await deps.db
    .update(staffMembers)
    .set({ failedTries: sql`${staffMembers.failedTries} + 1` })
    .where(and(eq(staffMembers.email, email), lt(staffMembers.failedTries, STAFF_MAX_CODE_TRIES)))
    .returning();
  if (!member) return { ok: false, code: "locked" };
  const remainingTries = Math.max(0, STAFF_MAX_CODE_TRIES - member.failedTries);
  const secret = member.totpSecret ? openTotpSecret(member.totpSecret, deps.authSecret) : null;
  const code = totpCodeSchema.safeParse({ code: rawCode });
  if (!secret || !code.success) return { ok: false, code: remainingTries === 0 ? "locked" : "wrong-code", remainingTries };
  const check = await checkTotp({ secret, code: code.data.code, now, lastStep: member.totpLastStep ?? null });
  if (!check.ok) return { ok: false, code: remainingTries === 0 ? "locked" : check.reason === "replayed" ? "replayed" : "wrong-code", remainingTries };

  const firstEnrolment = member.totpEnrolledAt === null;
  const role: StaffRole = member.role === "admin" ? "admin" : "office";
  const sessionId = randomBytes(18).toString("base64url");
  const accepted = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(staffMembers)
      .set({ totpLastStep: check.timeStep, failedTries: 0, totpEnrolledAt: member.totpEnrolledAt ?? new Date(now), updatedAt: new Date(now) })
      .where(and(eq(staffMembers.email, email), sql`(${staffMembers.totpLastStep} is null or ${staffMembers.totpLastStep} < ${check.timeStep})`))
      .returning({ email: staffMembers.email });
    if (rows.length === 0) return false;
    await recordStaffAudit(tx as unknown as Db, {
      staff: { email, role, requestId: deps.requestId },
      action: "staff.sign_in",
      target: email,
      after: { sessionId, enrolled: firstEnrolment },
      at: new Date(now),
    });
    return true;
  });
  if (!accepted) return { ok: false, code: "replayed", remainingTries };
  const session: StaffSession = { email, role, name, hubspotOwnerId: ownerId, sessionId, signedInAt: now, expiresAt: now + STAFF_SESSION_MAX_AGE_MS };
  return { ok: true, sessionToken: await signStaffSession({ email, sessionId, signedInAt: now }, deps.authSecret), session, enrolled: firstEnrolment };
}

export type StaffSessionCheck = { ok: true; session: StaffSession } | { ok: false; reason: "none" | "expired" | "revoked" | "deactivated" | "unavailable" };

/**
 * Every console request: the token (signature, audience, 1 h), the member row (role, revocation
 * epoch) and the HubSpot user still active (at most 30 s old: lib/hubspot/staff-directory.ts).
 */
export async function checkStaffSession(deps: Pick<StaffAuthDeps, "db" | "directory" | "authSecret" | "now">, token: string | undefined): Promise<StaffSessionCheck> {
  if (!token) return { ok: false, reason: "none" };
  const now = (deps.now ?? Date.now)();
  const claims = await readStaffSession(token, deps.authSecret, now);
  if (!claims) return { ok: false, reason: "expired" };
  const [member] = await deps.db.select().from(staffMembers).where(eq(staffMembers.email, claims.email)).limit(1);
  if (!member || !member.totpEnrolledAt) return { ok: false, reason: "revoked" };
  if (member.revokedBefore && claims.signedInAt <= member.revokedBefore.getTime()) return { ok: false, reason: "revoked" };
  let owner;
  try {
    owner = await deps.directory.findActiveOwnerByEmail(claims.email, now);
  } catch {
    return { ok: false, reason: "unavailable" };
  }
  if (!owner) return { ok: false, reason: "deactivated" };
  return {
    ok: true,
    session: {
      email: claims.email,
      role: member.role === "admin" ? "admin" : "office",
      name: ownerName(owner),
      hubspotOwnerId: owner.ownerId,
      sessionId: claims.sessionId,
      signedInAt: claims.signedInAt,
      expiresAt: claims.signedInAt + STAFF_SESSION_MAX_AGE_MS,
    },
  };
}

/**
 * Sign-out: this session and any older one of the member end (revocation epoch raised to this
 * session's sign-in); `everywhere`: every session issued until now. Audited with the change.
 */
export async function signOutStaff(deps: Pick<StaffAuthDeps, "db" | "now">, staff: StaffSession, options: { everywhere: boolean }): Promise<void> {
  const now = (deps.now ?? Date.now)();
  const epoch = new Date(options.everywhere ? now : staff.signedInAt);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(staffMembers)
      .set({ revokedBefore: sql`greatest(coalesce(${staffMembers.revokedBefore}, ${epoch.toISOString()}::timestamptz), ${epoch.toISOString()}::timestamptz)` })
      .where(eq(staffMembers.email, staff.email));
    await recordStaffAudit(tx as unknown as Db, {
      staff,
      action: options.everywhere ? "staff.sign_out_everywhere" : "staff.sign_out",
      target: staff.email,
      before: { sessionId: staff.sessionId },
      at: new Date(now),
    });
  });
}
