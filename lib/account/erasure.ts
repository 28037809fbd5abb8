import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, lt, notInArray, notLike, or, sql } from "drizzle-orm";
import { cancelFutureBookingsForErasure, BOOKING_SYNC_KEY_PREFIX, syncReservation } from "@/lib/bookings";
import type { Db } from "@/lib/db/client";
import { forgetContactRows } from "@/lib/memory-cache/row-memory";
import {
  hubspotCreates,
  accountVerifications,
  customerAddresses,
  dataExports,
  erasedIdentities,
  erasureRequests,
  imageVariants,
  notificationPreferences,
  outbox,
  portalMessages,
  portalUploads,
  quoteSignatures,
  quoteSigningSessions,
  reservations,
  retainedDocuments,
  revokedSessions,
  sessionEpochs,
  signInAttempts,
  surveyResponses,
} from "@/lib/db/schema";
import { AppError, RetryLaterError, isAppError } from "@/lib/errors";
import { companyView, getSettings } from "@/lib/settings";
import { renderInvoicePdf } from "@/lib/pdf/render-invoice";
import { renderQuotePdf } from "@/lib/pdf/render-quote";
import { gdprDeleteContact } from "@/lib/hubspot/api";
import { cacheTags, forgetTags } from "@/lib/hubspot/cache";
import { getCustomer, getInvoice, getQuote, listCustomerFileIds, listInvoices, listQuotes } from "@/lib/hubspot/queries";
import type { Customer } from "@/lib/model/types";
import { enqueueHubSpotWrite, enqueueNotification, wakeOutbox } from "@/lib/outbox/enqueue";
import { currentDb, asDb } from "@/lib/db/current";
import { erasedIdentityHash } from "@/lib/auth/erased-identities";
import { announceSessionChange } from "@/lib/auth/session-core";
import { RETENTION_YEARS } from "@/lib/model/retention";
import { normalizeEmail } from "@/lib/contact/email";
import { toE164, toMobileE164 } from "@/lib/contact/phone";
import { CODE_TTL_MS, assertCanSendCode, insertVerification, newCode, spendCode } from "./verification-codes";

/**
 * Right to erasure (RGPD art. 17) with the legal retention of accounting documents (art. 17(3)(b),
 * Code de commerce L123-22). Two steps:
 * 1. `requestErasure`: a code goes to the customer's email or mobile.
 * 2. `confirmErasure` (the code): in ONE transaction, sign-in is blocked and every session revoked
 *    (session_epochs), the identities are recorded as erased (sign-in refuses them even though the
 *    HubSpot contact will be gone), the portal's personal data is deleted, and the outbox gets the
 *    HubSpot part: `eraseContactInHubSpot` archives invoices and signed quotes in restricted form
 *    (retained_documents: no contact id), then GDPR-deletes the contact. Future confirmed bookings
 *    are cancelled in the same transaction (lib/bookings `cancelFutureBookingsForErasure`: meeting
 *    CANCELED, ticket "Annulée", synced before the contact is deleted). Signature evidence
 *    (quote_signatures, quote_decisions, quote_originals: append-only) is kept.
 */
export const ERASE_CONTACT_OPERATION = "account.eraseContact";
export const LEGAL_BASIS = {
  invoice: "Code de commerce art. L123-22 (pièces comptables, 10 ans)",
  signed_quote: "Code de commerce art. L123-22 et Code civil art. 2224 (contrat signé, pièce justificative, 10 ans)",
} as const;

function maskEmail(email: string): string {
  const [user = "", domain = ""] = email.split("@");
  return `${user.slice(0, 1)}${"•".repeat(Math.max(1, Math.min(6, user.length - 1)))}@${domain}`;
}
function maskPhone(phone: string): string {
  return `${"•".repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
}
export function maskTarget(channel: "email" | "sms", target: string): string {
  return channel === "email" ? maskEmail(target) : maskPhone(target);
}

export async function requestErasure(
  contactId: string,
  input: { channel: "email" | "sms" },
  options: { locale: "fr" | "en"; now?: number } = { locale: "fr" },
): Promise<{ verificationId: string; channel: "email" | "sms"; maskedTarget: string }> {
  const now = options.now ?? Date.now();
  const customer = await getCustomer(contactId);
  // The code goes by SMS only to a number an SMS can reach.
  const target = input.channel === "email" ? (customer.email ? normalizeEmail(customer.email) : null) : toMobileE164(customer.phone);
  if (!target) {
    throw new AppError("VALIDATION", `erasure: no ${input.channel} for ${contactId}`, {
      userMessage: input.channel === "email" ? "Nous n'avons pas d'adresse e-mail pour vous : choisissez le SMS." : "Nous n'avons pas de numéro de mobile pour vous : choisissez l'e-mail.",
    });
  }
  const db = await currentDb();
  await assertCanSendCode(db, contactId, now);
  const { code, hash } = await newCode();
  const verificationId = await db.transaction(async (t) => {
    const tx = asDb(t);
    const id = await insertVerification(tx, { contactId, purpose: "erasure", channel: input.channel, target, codeHash: hash, now });
    const common = { locale: options.locale, data: { code, expiresInMinutes: CODE_TTL_MS / 60_000, purpose: "erasure" as const }, sensitive: true as const, idempotencyKey: `account-code:${id}`, contactId };
    await enqueueNotification(
      tx,
      input.channel === "email" ? { kind: "email", template: "account-code", to: target, ...common } : { kind: "sms", template: "account-code-sms", to: target, ...common },
    );
    return id;
  });
  wakeOutbox();
  return { verificationId, channel: input.channel, maskedTarget: maskTarget(input.channel, target) };
}

/** Cache tags of everything the portal may have cached for this contact. */
function contactTags(contactId: string): string[] {
  return [
    cacheTags.contact(contactId),
    ...(["tickets", "meetings", "quotes", "invoices", "notes", "deals"] as const).map((l) => cacheTags.contactList(contactId, l)),
  ];
}

/**
 * Deletes the personal data the portal holds for this contact (idempotent). `keepOutboxKeys`:
 * the erasure's own outbox rows (the HubSpot deletion and the confirmation message). The bookings'
 * HubSpot syncs stay (a reservation id, no personal data): a cancelled appointment must reach
 * the technician's calendar.
 */
export async function purgePortalData(tx: Db, contactId: string, identities: string[], keepOutboxKeys: string[]): Promise<void> {
  await tx.delete(customerAddresses).where(eq(customerAddresses.contactId, contactId));
  await tx.delete(notificationPreferences).where(eq(notificationPreferences.contactId, contactId));
  await tx.delete(accountVerifications).where(eq(accountVerifications.contactId, contactId));
  await tx.delete(dataExports).where(eq(dataExports.contactId, contactId));
  await tx.delete(revokedSessions).where(eq(revokedSessions.contactId, contactId));
  // The record of the contact's creation (its key is a hash of the identity): a new sign-in after
  // the erasure must not be given the erased contact back.
  await tx.delete(hubspotCreates).where(and(eq(hubspotCreates.objectType, "contacts"), eq(hubspotCreates.hubspotId, contactId)));
  const notBookingSync = notLike(outbox.idempotencyKey, `${BOOKING_SYNC_KEY_PREFIX}%`);
  await tx
    .delete(outbox)
    .where(keepOutboxKeys.length > 0 ? and(eq(outbox.contactId, contactId), notBookingSync, notInArray(outbox.idempotencyKey, keepOutboxKeys)) : and(eq(outbox.contactId, contactId), notBookingSync));
  if (identities.length > 0) await tx.delete(signInAttempts).where(inArray(signInAttempts.identity, identities));
  // Other features' working data (issues 4, 5, 6). Signature evidence stays (append-only by trigger).
  await tx.delete(portalUploads).where(eq(portalUploads.contactId, contactId));
  await tx.delete(portalMessages).where(eq(portalMessages.contactId, contactId));
  await tx.delete(surveyResponses).where(eq(surveyResponses.contactId, contactId));
  await tx.delete(quoteSigningSessions).where(eq(quoteSigningSessions.contactId, contactId));
  // Reservations keep the technician's time (their schedule) but lose where and what.
  await tx.update(reservations).set({ address: "—", note: null, locationLat: null, locationLng: null }).where(eq(reservations.contactId, contactId));
}

function identitiesOf(customer: Pick<Customer, "email" | "phone"> | null, extra: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of [customer?.email, ...extra]) if (v && v.includes("@")) out.add(normalizeEmail(v));
  for (const v of [customer?.phone, ...extra]) {
    if (v && !v.includes("@")) {
      const p = toE164(v);
      if (p) out.add(p);
    }
  }
  return [...out];
}

/**
 * Confirms the erasure with the code. After this returns, the customer's sessions are refused, and
 * sign-in with their email or phone fails; the HubSpot part follows through the outbox.
 */
export async function confirmErasure(
  contactId: string,
  input: { verificationId: string; code: string },
  options: { locale: "fr" | "en"; sessionIdentity?: string; now?: number } = { locale: "fr" },
): Promise<{ erasureId: string }> {
  const now = options.now ?? Date.now();
  const db = await currentDb();
  const spent = await spendCode(db, { contactId, purpose: "erasure", verificationId: input.verificationId, code: input.code, now });
  if (!spent.ok) throw spent.error;
  // HubSpot may be down: the code's target and the session's identity are enough to block sign-in.
  const customer = await getCustomer(contactId).catch(() => null);
  const identities = identitiesOf(customer, [spent.target, options.sessionIdentity]);
  const erasureId = randomUUID();
  const at = new Date(now);
  const eraseKey = `account:erase:${erasureId}`;
  const confirmKey = `account:erasure-confirmed:${erasureId}`;
  await db.transaction(async (t) => {
    const tx = asDb(t);
    await tx.insert(erasureRequests).values({ id: erasureId, contactId, status: "confirmed", confirmedAt: at });
    await tx
      .insert(sessionEpochs)
      .values({ contactId, revokedBefore: at, signInBlocked: at })
      .onConflictDoUpdate({
        target: sessionEpochs.contactId,
        set: { revokedBefore: sql`greatest(${sessionEpochs.revokedBefore}, ${at.toISOString()}::timestamptz)`, signInBlocked: at },
      });
    for (const identity of identities) {
      await tx.insert(erasedIdentities).values({ identityHash: erasedIdentityHash(identity), erasureId, createdAt: at }).onConflictDoNothing();
    }
    await purgePortalData(tx, contactId, identities, []);
    // No technician comes any more: future appointments cancelled (no 24 h limit, no message to
    // the customer), HubSpot told through the bookings' own sync rows.
    await cancelFutureBookingsForErasure(tx, contactId, at);
    const notice = { locale: options.locale, data: {}, sensitive: true as const, idempotencyKey: confirmKey, contactId };
    await enqueueNotification(
      tx,
      spent.channel === "email"
        ? { kind: "email", template: "erasure-confirmed", to: spent.target, ...notice }
        : { kind: "sms", template: "erasure-confirmed-sms", to: spent.target, ...notice },
    );
    await enqueueHubSpotWrite(tx, { operation: ERASE_CONTACT_OPERATION, args: { erasureId, contactId }, idempotencyKey: eraseKey, contactId });
  });
  // Sessions refused on this instance at once (the others through the trigger's notification),
  // and the open live streams of every instance closed.
  forgetContactRows(contactId);
  await announceSessionChange(contactId);
  await forgetTags(contactTags(contactId)).catch(() => {});
  wakeOutbox();
  return { erasureId };
}

/** 31 December of the document's year + 10 years (end of the fiscal year it belongs to, then the legal period). */
export function retainUntil(dateIso: string | null, fallback: Date): Date {
  const year = dateIso && /^\d{4}/.test(dateIso) ? Number(dateIso.slice(0, 4)) : fallback.getUTCFullYear();
  return new Date(Date.UTC(year + RETENTION_YEARS, 11, 31, 23, 59, 59));
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function retain(db: Db, row: Omit<typeof retainedDocuments.$inferInsert, "id" | "sha256">): Promise<void> {
  await db
    .insert(retainedDocuments)
    .values({ ...row, id: randomUUID(), sha256: sha256(row.pdf) })
    .onConflictDoNothing({ target: [retainedDocuments.kind, retainedDocuments.sourceObjectId] });
}

const isNotFound = (e: unknown) => isAppError(e) && e.code === "NOT_FOUND";

/**
 * The outbox handler (idempotent): archive, then delete in HubSpot, then finish. A retry after the
 * contact is gone finds nothing to archive (it was archived before the deletion) and completes.
 */
export async function eraseContactInHubSpot(args: { erasureId: string; contactId: string }, ctx: { idempotencyKey: string }, now = () => new Date()): Promise<{ retained: number; hubspot: "deleted" | "already-gone" }> {
  const db = await currentDb();
  const { erasureId, contactId } = args;
  let retained = 0;
  let customer: Customer | null = null;
  try {
    customer = await getCustomer(contactId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (customer) {
    // The retained copies carry the legal identity in force now; not entered yet: the erasure
    // waits (visible in the delivery desk) rather than keep documents without it.
    const settings = await getSettings();
    if (!settings.company) throw new RetryLaterError("Identité de l'entreprise non renseignée : console → Réglages → Entreprise", 10 * 60_000);
    const company = companyView(settings.company);
    for (const listed of await listInvoices(contactId)) {
      const invoice = await getInvoice(contactId, listed.id);
      await retain(db, {
        kind: "invoice",
        sourceObjectId: invoice.id,
        documentNumber: invoice.number,
        issuedOn: invoice.issuedAt,
        pdf: await renderInvoicePdf(invoice, customer, company),
        legalBasis: LEGAL_BASIS.invoice,
        retainUntil: retainUntil(invoice.issuedAt, now()),
        erasureId,
      });
      retained++;
    }
    for (const listed of (await listQuotes(contactId)).filter((q) => q.status === "signed")) {
      const [evidence] = await db.select({ pdf: quoteSignatures.signedPdf }).from(quoteSignatures).where(eq(quoteSignatures.quoteId, listed.id)).limit(1);
      const pdf = evidence?.pdf ? new Uint8Array(evidence.pdf) : await renderQuotePdf(await getQuote(contactId, listed.id), customer, company);
      await retain(db, {
        kind: "signed_quote",
        sourceObjectId: listed.id,
        documentNumber: listed.number,
        issuedOn: listed.signedAt?.slice(0, 10) ?? listed.createdAt?.slice(0, 10) ?? null,
        pdf,
        legalBasis: LEGAL_BASIS.signed_quote,
        retainUntil: retainUntil(listed.signedAt ?? listed.createdAt, now()),
        erasureId,
      });
      retained++;
    }
  }
  if (customer) {
    // Resized copies of their photos (cache keyed by file id, not by contact).
    const fileIds = [...(await listCustomerFileIds(contactId))];
    if (fileIds.length > 0) await db.delete(imageVariants).where(inArray(imageVariants.fileId, fileIds));
  }
  // The bookings' state reaches HubSpot while the contact still exists (a meeting or ticket not
  // created yet is associated with it): the cancellations of the erasure above all. Idempotent
  // (syncReservation looks its objects up first); a failure retries the whole handler.
  const unsynced = await db
    .select({ id: reservations.id })
    .from(reservations)
    .where(and(eq(reservations.contactId, contactId), or(isNull(reservations.hubspotSyncedAt), lt(reservations.hubspotSyncedAt, reservations.updatedAt))))
    .orderBy(reservations.createdAt);
  if (customer) for (const r of unsynced) await syncReservation(r.id, { db });
  let hubspot: "deleted" | "already-gone" = "deleted";
  try {
    await gdprDeleteContact(contactId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    hubspot = "already-gone";
  }
  await forgetTags(contactTags(contactId));
  await db.transaction(async (t) => {
    const tx = asDb(t);
    // Anything written for this contact while the deletion was on its way (a webhook, a late action).
    await purgePortalData(tx, contactId, [], [ctx.idempotencyKey, `account:erasure-confirmed:${erasureId}`]);
    const [done] = await tx.select({ n: sql<number>`count(*)::int` }).from(retainedDocuments).where(eq(retainedDocuments.erasureId, erasureId));
    await tx
      .update(erasureRequests)
      .set({ status: "completed", hubspotDeletedAt: now(), completedAt: now(), retainedDocuments: done?.n ?? retained })
      .where(eq(erasureRequests.id, erasureId));
  });
  return { retained, hubspot };
}
