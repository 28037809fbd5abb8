import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { CustomerSession } from "@/lib/auth/session-claims";
import { forgetContactRows } from "@/lib/memory-cache/row-memory";
import { quoteDecisions, quoteSignatures, quoteSigningSessions } from "@/lib/db/schema";
import { getEnv } from "@/lib/env";
import { checkCode } from "@/lib/one-time-code";
import { AppError } from "@/lib/errors";
import { enqueueHubSpotWrite, enqueueNotification, wakeOutbox } from "@/lib/outbox";
import { describeP12, loadCompanyP12 } from "@/lib/documents/signature/certificate";
import { buildSignedQuotePdf, type SignatureEvidence } from "@/lib/documents/signature/signed-quote";
import { asDb, currentDb } from "@/lib/db/current";
import { documentCompany } from "./company";
import { quoteFileName } from "./file-names";
import { formatEuro } from "@/lib/pdf/layout";
import { ensureQuoteOriginal, findQuoteOriginal, sha256Hex } from "./quote-original";
import { loadSignableQuote } from "./request-signing-code";
import { quoteSigningCodes } from "./signing-code";
import { QUOTE_SIGNED_OPERATION } from "./sync-operations";

/**
 * Step 2 of signing: the one-time code confirms the signature. Then, in this order:
 * 1. the signed PDF is built from the STORED original (its SHA-256 is the one in the evidence):
 *    signature in the box, evidence page, the company's PAdES seal;
 * 2. one transaction: the decision (primary key = quote id: two tabs or a double click give one
 *    signature), the append-only evidence row with the signed PDF, the code spent, and the outbox
 *    rows (HubSpot Files + deal note + stages; the signed PDF by email);
 * 3. only then is the quote shown as signed.
 */
export interface SignResult {
  signatureId: string;
  signedAt: string;
  /** This call found the quote already signed by this customer (retry, second tab). */
  alreadySigned: boolean;
}

export interface SignContext {
  session: Pick<CustomerSession, "channel" | "identity" | "signedInAt" | "sessionId" | "locale">;
  ip: string;
  userAgent: string;
  now?: Date;
}

function codeError(message: string, internal: string): AppError {
  return new AppError("VALIDATION", internal, { userMessage: message, details: { field: "code" } });
}

async function existingSignature(contactId: string, quoteId: string): Promise<SignResult | null> {
  const db = await currentDb();
  const [row] = await db
    .select({ id: quoteSignatures.id, signedAt: quoteSignatures.signedAt, contactId: quoteSignatures.contactId })
    .from(quoteSignatures)
    .where(eq(quoteSignatures.quoteId, quoteId));
  if (!row || row.contactId !== contactId) return null;
  return { signatureId: row.id, signedAt: row.signedAt.toISOString(), alreadySigned: true };
}

export async function signQuote(contactId: string, input: { quoteId: string; code: string }, ctx: SignContext): Promise<SignResult> {
  const now = ctx.now ?? new Date();
  // A second click after success: the same answer, not an error.
  const already = await existingSignature(contactId, input.quoteId);
  if (already) return already;
  const { quote, customer, db } = await loadSignableQuote(contactId, input.quoteId);

  const where = and(eq(quoteSigningSessions.quoteId, quote.id), eq(quoteSigningSessions.contactId, contactId));
  const [session] = await db.select().from(quoteSigningSessions).where(where);
  if (!session?.codeHash || !session.consentedAt || !session.signatureKind || !session.signatureValue || !session.codeExpiresAt || !session.codeSentAt) {
    throw new AppError("CONFLICT", "no signing code pending", { userMessage: "Aucun code en attente pour ce devis : cochez « Bon pour accord », signez puis demandez un code." });
  }
  if (session.codeExpiresAt <= now) throw codeError("Ce code a expiré. Demandez un nouveau code.", "signing code expired");
  // The try is counted before the code is compared, atomically: parallel guesses cannot exceed the
  // limit. Only the code this session was read with (a new code replaces it).
  const check = await checkCode(db, quoteSigningCodes, {
    where: and(eq(quoteSigningSessions.id, session.id), eq(quoteSigningSessions.codeHash, session.codeHash)),
    secret: input.code,
    now: now.getTime(),
  });
  if (check.status === "not-live") {
    const done = await existingSignature(contactId, quote.id);
    if (done) return done;
    throw codeError("Trop d'essais ou code remplacé. Demandez un nouveau code.", "signing code locked");
  }
  if (check.status === "wrong") {
    const left = check.remainingTries;
    throw codeError(
      left > 0 ? `Code incorrect. Il vous reste ${left} essai${left > 1 ? "s" : ""}.` : "Code incorrect. Demandez un nouveau code.",
      "wrong signing code",
    );
  }

  // The customer consented to the original they read: if HubSpot's quote changed since, they must read it again.
  const current = await ensureQuoteOriginal(db, contactId, quote, customer);
  if (session.originalId !== current.id) {
    throw new AppError("CONFLICT", `quote ${quote.id} changed since consent`, {
      userMessage: "Ce devis a été modifié depuis votre accord. Relisez-le, puis signez à nouveau.",
    });
  }
  const original = (await findQuoteOriginal(db, current.id)) ?? current;

  const certificate = await loadCompanyP12();
  const certInfo = describeP12(certificate.p12, certificate.passphrase);
  const signatureId = randomUUID();
  const number = quote.number ?? quote.id;
  const evidence: SignatureEvidence = {
    evidenceId: signatureId,
    quote: { id: quote.id, number, title: quote.title, totalTtc: formatEuro(quote.totals.ttc).replace(/\u00a0/g, " ") },
    signer: { name: session.signerName ?? [customer.firstName, customer.lastName].filter(Boolean).join(" "), contactId },
    identity: {
      session: {
        channel: ctx.session.channel,
        identity: ctx.session.identity,
        signedInAt: new Date(ctx.session.signedInAt).toISOString(),
        sessionId: ctx.session.sessionId,
      },
      code: {
        channel: session.codeChannel === "email" ? "email" : "sms",
        destination: session.codeDestination ?? "",
        sentAt: session.codeSentAt.toISOString(),
        verifiedAt: now.toISOString(),
      },
    },
    consentText: session.consentText ?? "",
    signature: session.signatureKind === "drawn" ? { kind: "drawn" } : { kind: "typed", typedName: session.signatureValue },
    openedAt: session.openedAt.toISOString(),
    consentedAt: session.consentedAt.toISOString(),
    signedAt: now.toISOString(),
    ip: ctx.ip,
    userAgent: ctx.userAgent.slice(0, 400),
    originalSha256: sha256Hex(original.pdf),
    certificate: { subject: certInfo.subject, fingerprintSha256: certInfo.fingerprintSha256 },
  };
  const mark =
    session.signatureKind === "drawn"
      ? { kind: "drawn" as const, png: new Uint8Array(Buffer.from(session.signatureValue.replace(/^data:image\/png;base64,/, ""), "base64")) }
      : { kind: "typed" as const, typedName: session.signatureValue };
  const signedPdf = await buildSignedQuotePdf({ original: original.pdf, signatureBox: original.signatureBox, mark, evidence, certificate, company: await documentCompany() });
  const fileName = quoteFileName(number, true);

  const result = await db.transaction(async (t) => {
    const tx = asDb(t);
    const inserted = await tx
      .insert(quoteDecisions)
      .values({ quoteId: quote.id, contactId, decision: "signed", ip: ctx.ip, userAgent: evidence.userAgent, decidedAt: now })
      .onConflictDoNothing()
      .returning({ quoteId: quoteDecisions.quoteId });
    if (inserted.length === 0) return null; // another tab / click won: answered below
    await tx.insert(quoteSignatures).values({
      id: signatureId,
      quoteId: quote.id,
      contactId,
      quoteNumber: number,
      signerName: evidence.signer.name,
      identity: evidence.identity,
      consentText: evidence.consentText,
      signatureKind: evidence.signature.kind,
      openedAt: session.openedAt,
      consentedAt: session.consentedAt!,
      signedAt: now,
      ip: ctx.ip,
      userAgent: evidence.userAgent,
      originalId: original.id,
      originalSha256: evidence.originalSha256,
      signedPdf,
      signedSha256: sha256Hex(signedPdf),
      evidence,
    });
    await tx.update(quoteSigningSessions).set({ codeHash: null, updatedAt: now }).where(eq(quoteSigningSessions.id, session.id));
    await enqueueHubSpotWrite(tx, { operation: QUOTE_SIGNED_OPERATION, args: { signatureId }, idempotencyKey: `quote-signed:${quote.id}`, contactId });
    if (customer.email) {
      await enqueueNotification(tx, {
        kind: "email",
        template: "quote-signed",
        to: customer.email,
        locale: ctx.session.locale,
        data: {
          firstName: customer.firstName ?? undefined,
          quoteNumber: number,
          signedAt: now.toISOString(),
          url: `${getEnv().SITE_URL.replace(/\/+$/, "")}/documents/devis/${quote.id}`,
          fileName,
          pdfBase64: signedPdf.toString("base64"),
        },
        idempotencyKey: `quote-signed-email:${quote.id}`,
        contactId,
      });
    }
    return { signatureId, signedAt: now.toISOString(), alreadySigned: false };
  });
  if (result) {
    forgetContactRows(contactId);
    wakeOutbox();
    return result;
  }
  const winner = await existingSignature(contactId, quote.id);
  if (winner) return winner;
  throw new AppError("CONFLICT", `quote ${quote.id} decided meanwhile`, { userMessage: "Ce devis a déjà fait l'objet d'une décision : il ne peut plus être signé." });
}
