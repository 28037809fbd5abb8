import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { forgetContactRows, readContactRows } from "@/lib/memory-cache/row-memory";
import { customerAddresses } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { checkFrenchAddress } from "@/lib/geo";
import { enqueueHubSpotWrite, wakeOutbox } from "@/lib/outbox/enqueue";
import { getCustomer } from "@/lib/hubspot/queries";
import type { SavedAddress } from "@/lib/model/types";
import { currentDb, asDb } from "@/lib/db/current";
import { keyedRowId } from "@/lib/db/keyed-id";
import { addressSchema, type AddressInput } from "./schemas";

/**
 * The customer's addresses (home, second home, a rented flat…). Every function takes the session's
 * contact id and touches only that contact's rows: another customer's address id is "not found".
 * The default address is mirrored to the HubSpot contact (address, zip, city) through the outbox.
 */
export const MAX_ADDRESSES = 10;

type Row = typeof customerAddresses.$inferSelect;
const toAddress = (r: Row): SavedAddress => ({ id: r.id, label: r.label, line: r.line, zip: r.zip, city: r.city, isDefault: r.isDefault });

async function rows(db: Db, contactId: string): Promise<Row[]> {
  // In a transaction (or on a test's database) this reads the table; else maybe the process's copy.
  return readContactRows(db, contactId, "addresses", () =>
    db.select().from(customerAddresses).where(eq(customerAddresses.contactId, contactId)).orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.createdAt)),
  );
}

/**
 * The contact's addresses, default first. The first time, the address HubSpot holds (from Sage or
 * staff) becomes the default one, so bookings always have at least that address when it exists.
 */
export async function listAddresses(contactId: string): Promise<SavedAddress[]> {
  const db = await currentDb();
  const existing = await rows(db, contactId);
  if (existing.length > 0) return existing.map(toAddress);
  const customer = await getCustomer(contactId);
  const { line, zip, city } = customer.address;
  const parsed = addressSchema.safeParse({ line: line ?? "", zip: zip ?? "", city: city ?? "" });
  if (!parsed.success) return [];
  await db
    .insert(customerAddresses)
    .values({ id: randomUUID(), contactId, label: null, line: parsed.data.line, zip: parsed.data.zip, city: parsed.data.city, isDefault: true })
    // Two first visits at once: the partial unique index keeps one default; the other insert is dropped.
    .onConflictDoNothing();
  forgetContactRows(contactId);
  return (await rows(db, contactId)).map(toAddress);
}

/** An address of this contact, or NOT_FOUND (also for another customer's id). */
export async function getAddress(contactId: string, addressId: string): Promise<SavedAddress> {
  const db = await currentDb();
  const [row] = await db
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.id, addressId), eq(customerAddresses.contactId, contactId)))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", `address ${addressId} is not ${contactId}'s`, { userMessage: "Adresse introuvable." });
  return toAddress(row);
}

async function mirrorDefaultToHubSpot(tx: Db, contactId: string, a: { id: string; line: string; zip: string; city: string }, at: Date): Promise<void> {
  await enqueueHubSpotWrite(tx, {
    operation: "account.updateContact",
    args: { contactId, properties: { address: a.line, zip: a.zip, city: a.city } },
    idempotencyKey: `account:address-default:${contactId}:${a.id}:${at.getTime()}`,
    contactId,
  });
}

async function clearDefault(tx: Db, contactId: string, exceptId: string): Promise<void> {
  await tx
    .update(customerAddresses)
    .set({ isDefault: false })
    .where(and(eq(customerAddresses.contactId, contactId), eq(customerAddresses.isDefault, true), ne(customerAddresses.id, exceptId)));
}

/**
 * With the form's idempotency key, the new row's id is derived from it (lib/db/keyed-id.ts): a
 * repeat after a lost reply finds that row and returns it, without a second address or outbox row.
 */
/**
 * A French address whose postcode is its town's (lib/geo: every commune, "Lyon 3e", Cedex…); the
 * refusal is the field's French message (`fieldErrors`), as the form shows it. The service area is
 * the booking's question, not the address book's (a second home may be booked by phone).
 */
function checkFrench(a: { line: string; zip: string; city: string }): void {
  const check = checkFrenchAddress(a);
  if (!check.ok) throw new AppError("VALIDATION", `address refused: ${check.message}`, { userMessage: check.message, details: { fieldErrors: { [check.field]: check.message } } });
}

export async function addAddress(contactId: string, input: AddressInput, now = new Date(), idempotencyKey?: string): Promise<SavedAddress> {
  const a = addressSchema.parse(input);
  checkFrench(a);
  const id = idempotencyKey ? keyedRowId("address", contactId, idempotencyKey) : randomUUID();
  if (idempotencyKey) {
    const replay = await findAddress(contactId, id);
    if (replay) return replay;
  }
  await listAddresses(contactId); // imports the HubSpot address first, so it is not lost
  const db = await currentDb();
  const created = await db.transaction(async (t) => {
    const tx = asDb(t);
    const [n] = await tx.select({ n: count() }).from(customerAddresses).where(eq(customerAddresses.contactId, contactId));
    if ((n?.n ?? 0) >= MAX_ADDRESSES) {
      throw new AppError("CONFLICT", `address limit for ${contactId}`, { userMessage: `Vous pouvez enregistrer ${MAX_ADDRESSES} adresses au plus.` });
    }
    const makeDefault = a.isDefault === true || (n?.n ?? 0) === 0;
    if (makeDefault) await clearDefault(tx, contactId, id);
    const inserted = await tx
      .insert(customerAddresses)
      .values({ id, contactId, label: a.label || null, line: a.line, zip: a.zip, city: a.city, isDefault: makeDefault, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: customerAddresses.id })
      .returning({ id: customerAddresses.id });
    // The same request committed meanwhile (a concurrent retry): undo this try, answer with that row.
    if (inserted.length === 0) throw REPLAYED;
    if (makeDefault) await mirrorDefaultToHubSpot(tx, contactId, { id, ...a }, now);
    return true;
  }).catch((error: unknown) => {
    if (error === REPLAYED) return false;
    throw error;
  });
  if (created) {
    forgetContactRows(contactId);
    wakeOutbox();
  }
  return getAddress(contactId, id);
}

const REPLAYED = Symbol("address already added by this request");

async function findAddress(contactId: string, addressId: string): Promise<SavedAddress | null> {
  const db = await currentDb();
  const [row] = await db.select().from(customerAddresses).where(and(eq(customerAddresses.id, addressId), eq(customerAddresses.contactId, contactId))).limit(1);
  return row ? toAddress(row) : null;
}

export async function updateAddress(contactId: string, addressId: string, input: AddressInput, now = new Date()): Promise<SavedAddress> {
  const a = addressSchema.parse(input);
  const before = await getAddress(contactId, addressId);
  checkFrench(a);
  const db = await currentDb();
  await db.transaction(async (t) => {
    const tx = asDb(t);
    const makeDefault = before.isDefault || a.isDefault === true;
    if (makeDefault) await clearDefault(tx, contactId, addressId);
    await tx
      .update(customerAddresses)
      .set({ label: a.label || null, line: a.line, zip: a.zip, city: a.city, isDefault: makeDefault, updatedAt: now })
      .where(and(eq(customerAddresses.id, addressId), eq(customerAddresses.contactId, contactId)));
    if (makeDefault) await mirrorDefaultToHubSpot(tx, contactId, { id: addressId, ...a }, now);
  });
  forgetContactRows(contactId);
  wakeOutbox();
  return getAddress(contactId, addressId);
}

export async function setDefaultAddress(contactId: string, addressId: string, now = new Date()): Promise<SavedAddress> {
  const a = await getAddress(contactId, addressId);
  return updateAddress(contactId, addressId, { label: a.label ?? undefined, line: a.line, zip: a.zip, city: a.city, isDefault: true }, now);
}

/** Removes an address; the default one cannot be removed (make another one the default first). */
export async function removeAddress(contactId: string, addressId: string): Promise<void> {
  const a = await getAddress(contactId, addressId);
  const db = await currentDb();
  if (a.isDefault) {
    // HubSpot keeps the main address (invoices, Sage): it can be changed, not left empty.
    throw new AppError("CONFLICT", "cannot remove the default address", {
      userMessage: "C'est votre adresse principale : choisissez d'abord une autre adresse principale, ou modifiez-la.",
    });
  }
  await db.delete(customerAddresses).where(and(eq(customerAddresses.id, addressId), eq(customerAddresses.contactId, contactId)));
  forgetContactRows(contactId);
}
