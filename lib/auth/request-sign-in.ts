import "server-only";
import type { Db } from "@/lib/db/client";
import { enqueueNotification, wakeOutbox } from "@/lib/outbox/enqueue";
import { ATTEMPT_TTL_MS, createEmailAttempt, createSmsAttempt, newHashedSmsCode } from "./attempts";
import { deliveryByKey, type DeliveryState } from "@/lib/outbox/delivery";
import { attemptIdSchema, parseSignInIdentity, safeReturnPath, signInRequestSchema } from "./identity";
import { takeSendSlot } from "./rate-limit";

export interface RequestSignInDeps {
  db: Db;
  /** The configured public URL: links never come from the request's Host header. */
  siteUrl: string;
  ip: string;
  locale: "fr" | "en";
  now?: () => number;
}

/**
 * What the sign-in form gets back. It never says whether the identity belongs to a customer:
 * a well-formed identity always gets a link or a code (a new one becomes a HubSpot lead once it
 * is verified), and no HubSpot look-up happens here, so the timing does not tell either.
 */
export type RequestSignInReply =
  | { status: "email-sent"; message: string; attemptId: string }
  | { status: "code-sent"; message: string; attemptId: string }
  | { status: "invalid"; message: string; fieldErrors: Record<string, string> }
  | { status: "rate-limited"; message: string; retryAfterSeconds: number };

/** The outbox key of a sign-in message: the attempt's random id makes it unguessable. */
export function signInMessageKey(attemptId: string): string {
  return `sign-in:${attemptId}`;
}

/**
 * Where the sign-in message of this attempt stands, for the page that waits for it: `unknown`
 * when there is none to follow (an ill-formed or expired id, or a message the sending limits held
 * back — told the same way, so nothing is learnt about the identity).
 */
export async function signInDelivery(db: Db, attemptId: unknown): Promise<DeliveryState | "unknown"> {
  const id = attemptIdSchema.safeParse(attemptId);
  if (!id.success) return "unknown";
  return (await deliveryByKey(db, signInMessageKey(id.data)))?.state ?? "unknown";
}

export const EMAIL_SENT_MESSAGE =
  "Si cette adresse peut recevoir nos messages, nous lui envoyons un lien de connexion, valable 10 minutes. Il arrive en général en quelques secondes.";
export const CODE_SENT_MESSAGE =
  "Si ce numéro peut recevoir nos SMS, nous lui envoyons un code à 6 chiffres, valable 10 minutes. Il arrive en général en quelques secondes.";

export async function requestSignIn(deps: RequestSignInDeps, rawInput: unknown): Promise<RequestSignInReply> {
  const parsed = signInRequestSchema.safeParse(rawInput);
  const identity = parsed.success ? parseSignInIdentity(parsed.data.identifiant) : null;
  if (!parsed.success || !identity) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.success ? [] : parsed.error.issues) {
      const key = String(issue.path[0] ?? "identifiant");
      fieldErrors[key] ??= issue.message;
    }
    if (Object.keys(fieldErrors).length === 0) fieldErrors.identifiant = "Indiquez votre adresse e-mail ou votre numéro de mobile.";
    return { status: "invalid", message: "Vérifiez les informations saisies.", fieldErrors };
  }
  const now = (deps.now ?? Date.now)();
  const callbackPath = safeReturnPath(parsed.data.retour);

  const slot = await takeSendSlot(deps.db, identity.identity, deps.ip);
  if (!slot.ok) {
    const minutes = Math.max(1, Math.ceil(slot.retryAfterSeconds / 60));
    return {
      status: "rate-limited",
      message: `Trop de demandes de connexion. Merci de réessayer dans ${minutes} minute${minutes > 1 ? "s" : ""}.`,
      retryAfterSeconds: slot.retryAfterSeconds,
    };
  }

  // Past the identity's sending limits (slot.send false) the attempt is still recorded and the answer
  // is the same (an SMS attempt's code page looks alike), but no message leaves: nobody learns
  // whether it went, and the owner's earlier link or code keeps working (lib/auth/rate-limit.ts).
  const expiresInMinutes = ATTEMPT_TTL_MS / 60_000;
  const base = { identity: identity.identity, callbackPath, ip: deps.ip, now };
  if (identity.channel === "email") {
    const emailAttemptId = await deps.db.transaction(async (tx) => {
      const { attemptId, token } = await createEmailAttempt(tx as unknown as Db, base);
      const url = new URL("/connexion/lien", deps.siteUrl);
      url.searchParams.set("attempt", attemptId);
      url.searchParams.set("token", token);
      if (!slot.send) return attemptId;
      await enqueueNotification(tx as unknown as Db, {
        kind: "email",
        template: "sign-in-link",
        to: identity.identity,
        locale: deps.locale,
        data: { url: url.toString(), expiresInMinutes },
        sensitive: true,
        idempotencyKey: signInMessageKey(attemptId),
      });
      return attemptId;
    });
    wakeOutbox();
    return { status: "email-sent", message: EMAIL_SENT_MESSAGE, attemptId: emailAttemptId };
  }
  const { code, hash } = await newHashedSmsCode();
  const attemptId = await deps.db.transaction(async (tx) => {
    const created = await createSmsAttempt(tx as unknown as Db, base, hash);
    if (slot.send) {
      await enqueueNotification(tx as unknown as Db, {
        kind: "sms",
        template: "sign-in-code",
        to: identity.identity,
        locale: deps.locale,
        data: { code, expiresInMinutes },
        sensitive: true,
        idempotencyKey: signInMessageKey(created.attemptId),
      });
    }
    return created.attemptId;
  });
  // After the commit: the worker sees the row now, not at its next poll.
  wakeOutbox();
  return { status: "code-sent", message: CODE_SENT_MESSAGE, attemptId };
}
