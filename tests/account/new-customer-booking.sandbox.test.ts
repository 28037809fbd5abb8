import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookAndRememberAddress } from "@/lib/account/book-appointment";
import { listAddresses } from "@/lib/account/addresses";
import { resolveContactForIdentity } from "@/lib/auth/resolve-contact";
import { listSlots, type SlotListing } from "@/lib/bookings/list-slots";
import { hubspotCustomerProfile } from "@/lib/bookings/store";
import type { Db } from "@/lib/db/client";
import { customerAddresses, reservations } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { buildSeed } from "@/sandbox/seed";
import { deps, NOW } from "../bookings/support";
import { startStack, type Stack } from "../hubspot/support/stack";

/**
 * Issue 16, point 1: a customer who signs in for the first time (a new HubSpot contact, no address)
 * books without leaving the booking flow. The listing asks for an address instead of saying
 * "outside the area"; the address typed in the flow is checked, booked and saved to the address
 * book once per idempotency key; a refused address writes nothing; another customer's key names
 * nothing of theirs.
 */
describe("a never-seen customer books at an address typed in the flow (sandbox + database)", () => {
  let stack: Stack;
  let db: Db;
  const d = () => deps(db, { customer: hubspotCustomerProfile });
  const newCustomer = () => resolveContactForIdentity("email", `nouveau-${randomUUID()}@example.fr`);
  const firstSlot = (listing: SlotListing) => listing.days[0]!.slots[0]!;
  const rowsOf = async (contactId: string) => ({
    addresses: await db.select().from(customerAddresses).where(eq(customerAddresses.contactId, contactId)),
    bookings: await db.select().from(reservations).where(eq(reservations.contactId, contactId)),
  });

  beforeAll(async () => {
    stack = await startStack(() => buildSeed({ now: NOW }));
    db = stack.db.db;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("the listing of a customer with no address asks for one (not « hors de notre zone »)", async () => {
    const contactId = await newCustomer();
    const listing = await listSlots(contactId, { service: "depannage" }, d());
    expect(listing).toMatchObject({ bookable: false, reason: "address_needed", address: null, days: [] });
    // Once typed, the times of that address at once.
    const typed = await listSlots(contactId, { service: "depannage", typedAddress: "5 place Bellecour, 69002 Lyon" }, d());
    expect(typed.bookable).toBe(true);
    expect(typed.address).toBe("5 place Bellecour, 69002 Lyon");
    expect(typed.days.length).toBeGreaterThan(0);
  });

  it("booking at a typed address saves it to the address book once, even when repeated with the same key", async () => {
    const contactId = await newCustomer();
    const slot = firstSlot(await listSlots(contactId, { service: "depannage", typedAddress: "5 place Bellecour, 69002 Lyon" }, d()));
    const input = { service: "depannage" as const, start: slot.start, technicianId: slot.technicianId, typedAddress: "5 place Bellecour 69002 Lyon", idempotencyKey: randomUUID() };
    const first = await bookAndRememberAddress(contactId, input, d());
    const again = await bookAndRememberAddress(contactId, input, d());
    expect(first.status).toBe("booked");
    expect(again).toEqual(first);
    if (first.status !== "booked") return;
    expect(first.booking.address).toBe("5 place Bellecour, 69002 Lyon");
    const { addresses, bookings } = await rowsOf(contactId);
    expect(bookings).toHaveLength(1);
    expect(addresses.map((a) => ({ line: a.line, zip: a.zip, city: a.city, isDefault: a.isDefault }))).toEqual([{ line: "5 place Bellecour", zip: "69002", city: "Lyon", isDefault: true }]);
    expect((await listAddresses(contactId)).map((a) => a.id)).toEqual([addresses[0]!.id]);
  });

  it("a refused address (abroad, postcode of another town, outside the area) writes nothing", async () => {
    const contactId = await newCustomer();
    const slot = firstSlot(await listSlots(contactId, { service: "depannage", typedAddress: "12 rue Royale, 69001 Lyon" }, d()));
    for (const [typedAddress, message] of [
      ["Hauptstraße 5, 10115 Berlin, Allemagne", /uniquement en France/],
      ["12 rue de la République, 69100 Bron", /Le code postal 69100 est celui de Villeurbanne, pas de Bron/],
      ["3 La Canebière, 13001 Marseille", /Nous n'intervenons pas encore à cette adresse : notre zone d'intervention couvre Lyon, Villeurbanne et/],
    ] as const) {
      const error = await bookAndRememberAddress(contactId, { service: "depannage", start: slot.start, technicianId: slot.technicianId, typedAddress, idempotencyKey: randomUUID() }, d()).catch((e: unknown) => e);
      expect(JSON.stringify((error as { issues?: unknown }).issues ?? String(error))).toMatch(message);
      await expect(listSlots(contactId, { service: "depannage", typedAddress }, d())).rejects.toThrow(message);
    }
    expect(await rowsOf(contactId)).toEqual({ addresses: [], bookings: [] });
  });

  it("a second customer cannot reach the first one's address book through the same key", async () => {
    const first = await newCustomer();
    const second = await newCustomer();
    const slot = firstSlot(await listSlots(first, { service: "depannage", typedAddress: "4 rue Pasteur, 69100 Villeurbanne" }, d()));
    const idempotencyKey = randomUUID();
    const booked = await bookAndRememberAddress(first, { service: "depannage", start: slot.start, technicianId: slot.technicianId, typedAddress: "4 rue Pasteur, 69100 Villeurbanne", idempotencyKey }, d());
    expect(booked.status).toBe("booked");
    const other = await bookAndRememberAddress(second, { service: "depannage", start: slot.start, technicianId: slot.technicianId, typedAddress: "9 rue Hénon, 69004 Lyon", idempotencyKey }, d()).catch((e: unknown) => e);
    expect(isAppError(other) && other.code).toBe("CONFLICT");
    expect(await rowsOf(second)).toEqual({ addresses: [], bookings: [] });
    expect(await listAddresses(second)).toEqual([]);
    expect((await listAddresses(first)).map((a) => a.line)).toEqual(["4 rue Pasteur"]);
  });
});
