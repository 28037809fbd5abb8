import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { quoteSigningSessions } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { getCustomer, getQuote } from "@/lib/hubspot/queries";
import type { Customer } from "@/lib/model/types";
import { channelsOf } from "@/lib/contact/channels";
import { issueCode, nextIssueWindow } from "@/lib/one-time-code";
import { enqueueNotification } from "@/lib/outbox";
import { loadCompanyP12 } from "@/lib/documents/signature/certificate";
import { asDb, currentDb } from "@/lib/db/current";
import { maskDestination, quoteDecisionBlocker } from "./get-document";
import { formatEuro } from "@/lib/pdf/layout";
import { ensureQuoteOriginal } from "./quote-original";
import { loadQuoteDecisions, withDecision, type QuoteWithDecision } from "./quote-state";
import { normalizeDrawing, type SigningRequest } from "./signature-input";
import { quoteSigningCodes } from "./signing-code";

/**
 * Step 1 of signing: the customer has read the quote, ticked "Bon pour accord" and drawn or typed
 * their signature. The consent and the signature are kept on their signing session and a
 * one-time code goes out through the outbox, by SMS to the contact's phone (email when HubSpot
 * has no usable phone). The code's rules (scrypt hash, 10 minutes, 5 tries, 5 codes an hour and
 * one every 30 seconds per quote) are in ./signing-code.
 */
export const CODE_TTL_MINUTES = quoteSigningCodes.policy.ttlMs / 60_000;

export function consentTextFor(quote: Pick<QuoteWithDecision, "number" | "id" | "totals" | "title">): string {
  const number = quote.number ?? quote.id;
  // Sage titles often start with "Devis <number> — ": the number is already said.
  const subject = quote.title.replace(new RegExp(`^\\s*Devis\\s+${number.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*[—–-]?\\s*`, "i"), "").trim();
  const about = subject && subject !== number ? ` (${subject})` : "";
  return `Bon pour accord : j'accepte le devis n° ${number}${about} d'un montant de ${formatEuro(quote.totals.ttc).replace(/\u00a0/g, " ")} TTC, et je le signe électroniquement.`;
}

export function codeDestination(customer: Customer): { channel: "sms" | "email"; to: string } {
  // By SMS only to a number an SMS can reach (a landline falls back to the email).
  const { phone, email } = channelsOf(customer);
  if (phone) return { channel: "sms", to: phone };
  if (email) return { channel: "email", to: email };
  throw new AppError("CONFLICT", `contact ${customer.id} has neither phone nor email`, {
    userMessage: "Nous n'avons ni téléphone ni adresse e-mail pour vous envoyer le code de signature. Complétez vos coordonnées dans « Mon compte ».",
  });
}

/** The customer's quote, with the portal's decision on top, or the French reason it cannot be signed. */
export async function loadSignableQuote(contactId: string, quoteId: string) {
  const [quote, customer] = await Promise.all([getQuote(contactId, quoteId), getCustomer(contactId)]);
  const db = await currentDb();
  const decided = withDecision(quote, (await loadQuoteDecisions(db, [quote.id])).get(quote.id));
  const blocker = quoteDecisionBlocker(decided);
  if (blocker) throw blocker;
  return { quote, decided, customer, db };
}

export interface CodeSent {
  channel: "sms" | "email";
  destination: string;
  expiresAt: string;
}

export async function requestSigningCode(contactId: string, input: SigningRequest, opts: { locale: "fr" | "en"; now?: Date }): Promise<CodeSent> {
  const now = opts.now ?? new Date();
  const { quote, decided, customer, db } = await loadSignableQuote(contactId, input.quoteId);
  // No code for a signature that could not be sealed (production without a certificate).
  await loadCompanyP12();
  const signatureValue = input.mode === "drawn" ? `data:image/png;base64,${(await normalizeDrawing(input.drawing ?? "")).toString("base64")}` : input.typedName!;
  const original = await ensureQuoteOriginal(db, contactId, quote, customer);
  const { channel, to } = codeDestination(customer);
  const { secret: code, hash: codeHash, expiresAt } = await issueCode(quoteSigningCodes, now.getTime());
  const consentText = consentTextFor(decided);

  await db.transaction(async (t) => {
    const tx = asDb(t);
    // The session exists once the quote was opened; a form posted without opening creates it now.
    await tx.insert(quoteSigningSessions).values({ id: randomUUID(), quoteId: quote.id, contactId, openedAt: now, originalId: original.id }).onConflictDoNothing();
    const where = and(eq(quoteSigningSessions.quoteId, quote.id), eq(quoteSigningSessions.contactId, contactId));
    const [session] = await tx.select().from(quoteSigningSessions).where(where).for("update");
    if (!session) throw new AppError("INTERNAL", "signing session missing");
    const allowance = nextIssueWindow(
      quoteSigningCodes.policy,
      { windowStart: session.codeWindowStart, issued: session.codesSent, lastIssuedAt: session.codeSentAt },
      now.getTime(),
    );
    if (!allowance.ok && allowance.reason === "hourly-limit") {
      throw new AppError("RATE_LIMITED", `too many signing codes for quote ${quote.id}`, {
        userMessage: "Trop de codes envoyés pour ce devis. Merci de réessayer dans une heure ou de nous appeler.",
      });
    }
    if (!allowance.ok) {
      throw new AppError("RATE_LIMITED", "signing code requested again too soon", {
        userMessage: "Un code vient de vous être envoyé. Attendez 30 secondes avant d'en demander un autre.",
      });
    }
    await tx
      .update(quoteSigningSessions)
      .set({
        originalId: original.id,
        consentedAt: now,
        consentText,
        signerName: input.signerName,
        signatureKind: input.mode,
        signatureValue,
        codeHash,
        codeChannel: channel,
        codeDestination: to,
        codeSentAt: now,
        codeExpiresAt: expiresAt,
        codeTries: 0,
        codesSent: allowance.issued,
        codeWindowStart: allowance.windowStart,
        updatedAt: now,
      })
      .where(eq(quoteSigningSessions.id, session.id));
    const data = { code, quoteNumber: quote.number ?? quote.id, expiresInMinutes: CODE_TTL_MINUTES };
    const key = `quote-sign-code:${session.id}:${now.getTime()}`;
    if (channel === "sms") {
      await enqueueNotification(tx, { kind: "sms", template: "quote-sign-code", to, locale: opts.locale, data, sensitive: true, idempotencyKey: key, contactId });
    } else {
      await enqueueNotification(tx, { kind: "email", template: "quote-sign-code-email", to, locale: opts.locale, data, sensitive: true, idempotencyKey: key, contactId });
    }
  });
  return { channel, destination: maskDestination(channel, to), expiresAt: expiresAt.toISOString() };
}
