import "server-only";
import { recordedContactFor, rememberIdentity } from "@/lib/auth/resolve-contact";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { findContactIdByEmail, findContactIdByPhone, getCustomer } from "@/lib/hubspot/queries";
import { deliveriesOf, type DeliveryState } from "@/lib/outbox/delivery";
import { enqueueHubSpotWrite, enqueueNotification, wakeOutbox } from "@/lib/outbox/enqueue";
import { currentDb, asDb } from "@/lib/db/current";
import { isMobile, toE164 } from "@/lib/contact/phone";
import { accountMessages, contactDetailsSchema, mobileNumberSchema, type ContactDetailsInput, type MobileNumberInput } from "./schemas";
import { CODE_TTL_MS, assertCanSendCode, insertVerification, newCode, spendCode } from "./verification-codes";

/**
 * Editing the contact details. Names go to HubSpot through the outbox at once. A new email or
 * phone is NOT written until the customer typed the code sent to it: sign-in looks contacts up by
 * email and phone, so an unverified value must never become a way in.
 */
export const UPDATE_CONTACT_OPERATION = "account.updateContact";

export interface PendingVerification {
  verificationId: string;
  purpose: "email-change" | "phone-change";
  channel: "email" | "sms";
  /** Where the code went (shown masked by the page). */
  target: string;
}

export interface UpdateDetailsResult {
  saved: boolean;
  verifications: PendingVerification[];
}

async function queueContactWrite(tx: Db, contactId: string, properties: Record<string, string>, key: string): Promise<void> {
  await enqueueHubSpotWrite(tx, { operation: UPDATE_CONTACT_OPERATION, args: { contactId, properties }, idempotencyKey: key, contactId });
}

export async function updateContactDetails(
  contactId: string,
  input: ContactDetailsInput,
  options: { locale: "fr" | "en"; now?: number } = { locale: "fr" },
): Promise<UpdateDetailsResult> {
  const details = contactDetailsSchema.parse(input);
  const now = options.now ?? Date.now();
  const current = await getCustomerWithPending(contactId);
  const currentPhone = toE164(current.phone);

  const names: Record<string, string> = {};
  if (details.firstName !== (current.firstName ?? "")) names.firstname = details.firstName;
  if (details.lastName !== (current.lastName ?? "")) names.lastname = details.lastName;
  const emailChanged = details.email !== (current.email ?? "");
  const phoneChanged = details.phone !== "" && details.phone !== currentPhone;
  // The code confirming a new number goes by SMS: a landline would never receive it.
  if (phoneChanged && !isMobile(details.phone)) {
    throw new AppError("VALIDATION", "new phone is not a mobile", { userMessage: accountMessages.mobile });
  }
  if (details.phone === "" && currentPhone) {
    throw new AppError("VALIDATION", "phone cannot be emptied", {
      userMessage: "Le numéro de téléphone ne peut pas être effacé ici : indiquez un autre numéro, ou contactez-nous.",
    });
  }

  // A value already used by another customer would merge two identities at sign-in, but saying so
  // here would tell anyone signed in which emails and numbers are customers'. So the answer does not
  // depend on it: the code goes to the new address whether or not another account uses it (no lookup
  // here, so not even the time taken differs), within the same hourly limit of codes per customer.
  // The conflict is told only to whoever types that code (confirmContactChange): they proved they
  // control the address, so learning it belongs to an account tells them nothing they did not know.
  // We chose this over a "someone tried to use your address" message to the owner: a customer who
  // really has two accounts (a couple sharing a mailbox, an old account) then learns why and whom to
  // call, and the owner of the address only receives a code they did not ask for, like any typo.
  const codes: NewCode[] = [
    ...(emailChanged ? [{ purpose: "email-change" as const, channel: "email" as const, target: details.email }] : []),
    ...(phoneChanged ? [{ purpose: "phone-change" as const, channel: "sms" as const, target: details.phone }] : []),
  ];
  const verifications = await sendChangeCodes(contactId, codes, { locale: options.locale, now }, async (tx) => {
    if (Object.keys(names).length > 0) await queueContactWrite(tx, contactId, names, `account:names:${contactId}:${now}`);
  });
  return { saved: Object.keys(names).length > 0, verifications };
}

interface NewCode {
  purpose: "email-change" | "phone-change";
  channel: "email" | "sms";
  target: string;
}

/**
 * Sends a code to each new address (within the hourly limit of codes per customer), in one
 * transaction with `alsoInTx` (the names written at the same time): each code's message is queued
 * when this returns, never before, so a page may say « nous envoyons un code ».
 */
async function sendChangeCodes(
  contactId: string,
  wanted: NewCode[],
  options: { locale: "fr" | "en"; now: number },
  alsoInTx?: (tx: Db) => Promise<void>,
): Promise<PendingVerification[]> {
  const { locale, now } = options;
  const codes = await Promise.all(wanted.map(async (c) => ({ ...c, ...(await newCode()) })));
  const db = await currentDb();
  if (codes.length > 0) await assertCanSendCode(db, contactId, now);
  const verifications: PendingVerification[] = [];
  await db.transaction(async (t) => {
    const tx = asDb(t);
    await alsoInTx?.(tx);
    for (const c of codes) {
      const verificationId = await insertVerification(tx, { contactId, purpose: c.purpose, channel: c.channel, target: c.target, codeHash: c.hash, now });
      const common = { locale, data: { code: c.code, expiresInMinutes: CODE_TTL_MS / 60_000, purpose: c.purpose }, sensitive: true as const };
      await enqueueNotification(
        tx,
        c.channel === "email"
          ? { kind: "email", template: "account-code", to: c.target, ...common, idempotencyKey: accountCodeKey(verificationId), contactId }
          : { kind: "sms", template: "account-code-sms", to: c.target, ...common, idempotencyKey: accountCodeKey(verificationId), contactId },
      );
      verifications.push({ verificationId, purpose: c.purpose, channel: c.channel, target: c.target });
    }
  });
  wakeOutbox();
  return verifications;
}

/** The outbox key of a verification's code message: where it stands is read by this key (`codeDelivery`). */
function accountCodeKey(verificationId: string): string {
  return `account-code:${verificationId}`;
}

/**
 * A mobile number for SMS, added where it is missing (the booking flow, for a customer who signed
 * in by email): the same verification as a phone change on the account page, without the other
 * details. The number is written to HubSpot (and used for SMS) only once its code is confirmed
 * (`confirmContactChange`, purpose "phone-change").
 */
export async function requestMobileVerification(
  contactId: string,
  input: MobileNumberInput,
  options: { locale: "fr" | "en"; now?: number } = { locale: "fr" },
): Promise<PendingVerification> {
  const { phone } = mobileNumberSchema.parse(input);
  const now = options.now ?? Date.now();
  const current = await getCustomerWithPending(contactId);
  if (toE164(current.phone) === phone) {
    throw new AppError("VALIDATION", "mobile already on the contact", { userMessage: accountMessages.mobileAlreadyYours });
  }
  const [verification] = await sendChangeCodes(contactId, [{ purpose: "phone-change", channel: "sms", target: phone }], { locale: options.locale, now });
  return verification!;
}

/**
 * Where the code message of one of this customer's verifications stands, for the form that waits
 * for it: « envoi en cours » (queued), « envoyé » (the provider took it), or failed. Another
 * customer's verification is not found (the outbox row is looked up with this contact id).
 */
export async function codeDelivery(contactId: string, verificationId: string): Promise<DeliveryState> {
  const [delivery] = await deliveriesOf(await currentDb(), contactId, [accountCodeKey(verificationId)]);
  if (!delivery) throw new AppError("NOT_FOUND", "no code message of this contact", { userMessage: "Cette demande est inconnue ou a expiré. Demandez un nouveau code." });
  return delivery.state;
}

/** Told after the right code only: the address is yours, and already linked to another account. */
function inUse(what: "email" | "phone"): AppError {
  return new AppError("CONFLICT", `${what} already used by another contact`, {
    userMessage:
      what === "email"
        ? "Cette adresse e-mail est déjà associée à un autre compte client : elle n'a pas été ajoutée à celui-ci. Contactez-nous pour regrouper vos comptes."
        : "Ce numéro est déjà associé à un autre compte client : il n'a pas été ajouté à celui-ci. Contactez-nous pour regrouper vos comptes.",
  });
}

/** The code sent to the new email/phone: only now does the new value go to HubSpot (and sign-in). */
export async function confirmContactChange(
  contactId: string,
  input: { verificationId: string; code: string; purpose: "email-change" | "phone-change" },
  now = Date.now(),
): Promise<{ field: "email" | "phone"; value: string }> {
  const db = await currentDb();
  const result = await spendCode(db, { contactId, purpose: input.purpose, verificationId: input.verificationId, code: input.code, now });
  if (!result.ok) throw result.error;
  // Only now, to the person who proved they control the address (see updateContactDetails).
  // The portal's own record first: HubSpot's search shows a value written moments ago only later.
  const owner =
    (await recordedContactFor(db, input.purpose === "email-change" ? "email" : "sms", result.target)) ??
    (input.purpose === "email-change" ? await findContactIdByEmail(result.target) : await findContactIdByPhone(result.target));
  if (owner && owner !== contactId) throw inUse(input.purpose === "email-change" ? "email" : "phone");
  const properties: Record<string, string> =
    input.purpose === "email-change" ? { email: result.target } : { phone: result.target, mobilephone: result.target };
  await db.transaction(async (t) => {
    await queueContactWrite(asDb(t), contactId, properties, `account:${input.purpose}:${input.verificationId}`);
    await rememberIdentity(asDb(t), input.purpose === "email-change" ? "email" : "sms", result.target, contactId);
  });
  wakeOutbox();
  return { field: input.purpose === "email-change" ? "email" : "phone", value: result.target };
}

/**
 * HubSpot properties of this contact's contact writes still waiting in the outbox (oldest first),
 * so the page shows what the customer saved at once, marked "en cours de transmission".
 */
export async function pendingContactProperties(contactId: string): Promise<Record<string, string>> {
  const db = await currentDb();
  const rows = await db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(
      and(
        eq(outbox.contactId, contactId),
        eq(outbox.kind, "hubspot"),
        inArray(outbox.status, ["pending", "sending"]),
        sql`${outbox.payload}->>'operation' = ${UPDATE_CONTACT_OPERATION}`,
      ),
    )
    .orderBy(outbox.createdAt);
  const merged: Record<string, string> = {};
  for (const r of rows) {
    const props = (r.payload as { args?: { properties?: Record<string, unknown> } }).args?.properties ?? {};
    for (const [k, v] of Object.entries(props)) if (typeof v === "string") merged[k] = v;
  }
  return merged;
}

/** The customer as HubSpot has them, with the changes still on their way applied. */
export async function getCustomerWithPending(contactId: string) {
  const [customer, pending] = await Promise.all([getCustomer(contactId), pendingContactProperties(contactId)]);
  return {
    ...customer,
    firstName: pending.firstname ?? customer.firstName,
    lastName: pending.lastname ?? customer.lastName,
    email: pending.email ?? customer.email,
    phone: pending.phone ?? customer.phone,
    address: {
      line: pending.address ?? customer.address.line,
      zip: pending.zip ?? customer.address.zip,
      city: pending.city ?? customer.address.city,
    },
    language: pending.portal_language === "en" ? ("en" as const) : pending.portal_language === "fr" ? ("fr" as const) : customer.language,
    pendingFields: Object.keys(pending),
  };
}
