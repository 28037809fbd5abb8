import { randomInt, randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookAndRememberAddress } from "@/lib/account/book-appointment";
import { bookingMobile } from "@/lib/account/booking-mobile";
import { registerAccountHandlers } from "@/lib/account/outbox-handlers";
import { codeDelivery, confirmContactChange, getCustomerWithPending, pendingContactProperties, requestMobileVerification } from "@/lib/account/update-contact-details";
import { resolveContactForIdentity } from "@/lib/auth/resolve-contact";
import { getBookingPage } from "@/lib/bookings/list-appointments";
import { listSlots } from "@/lib/bookings/list-slots";
import type { Db } from "@/lib/db/client";
import { outbox } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { openPayload } from "@/lib/outbox/seal";
import { runOutboxOnce } from "@/lib/outbox/worker";
import { buildSeed } from "@/sandbox/seed";
import { deps, NOW } from "../bookings/support";
import { startStack, type Stack } from "../hubspot/support/stack";
import { FakeTransports } from "../outbox/support";

/**
 * Issue 16, « Booking for anyone »: a customer who signed in by email has no mobile; the booking
 * flow offers one, verified by the account's phone-change code before it is used. The booking made
 * right after the code sees the number although its HubSpot write still waits in the outbox, so
 * the confirmation goes (and the page says it goes) by e-mail and SMS; skipped, by e-mail only.
 */
describe("a mobile number added in the booking flow (sandbox + database)", () => {
  let stack: Stack;
  let db: Db;
  const fake = new FakeTransports();
  // The booking deps of the tests, but the customer read as the portal does (pending writes applied).
  const d = () => deps(db, { customer: undefined });
  const newCustomer = () => resolveContactForIdentity("email", `mobile-${randomUUID()}@example.fr`);
  /** A French mobile no seeded customer has (07 98 …). */
  const freshMobile = () => `07 98 ${String(randomInt(0, 1_000_000)).padStart(6, "0").replace(/(\d\d)(?=\d)/g, "$1 ")}`;

  async function drain(): Promise<void> {
    for (let i = 0; i < 10; i++) if ((await runOutboxOnce({ db, transports: fake.transports })).claimed === 0) return;
  }
  async function sentCode(verificationId: string): Promise<{ to: string; code: string }> {
    const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, `account-code:${verificationId}`));
    if (!row) throw new Error("no code row");
    const opened = openPayload((row.payload as { sealed: string }).sealed, row.id) as { to: string; data: { code: string } };
    return { to: opened.to, code: opened.data.code };
  }
  async function book(contactId: string) {
    const listing = await listSlots(contactId, { service: "depannage", typedAddress: "5 place Bellecour, 69002 Lyon" }, d());
    const slot = listing.days[0]!.slots[0]!;
    const outcome = await bookAndRememberAddress(contactId, { service: "depannage", start: slot.start, technicianId: slot.technicianId, typedAddress: "5 place Bellecour, 69002 Lyon", idempotencyKey: randomUUID() }, d());
    if (outcome.status !== "booked") throw new Error(`not booked: ${outcome.status}`);
    return getBookingPage(contactId, outcome.booking.bookingId, d());
  }
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => "resolved",
      (e: unknown) => (isAppError(e) ? `${e.code}: ${e.userMessage}` : String((e as { issues?: { message: string }[] }).issues?.[0]?.message ?? e)),
    );

  beforeAll(async () => {
    stack = await startStack(() => buildSeed({ now: NOW }));
    db = stack.db.db;
    registerAccountHandlers();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("a first sign-in by email has no mobile: the step is offered; bad numbers are refused in French and send nothing", async () => {
    const contactId = await newCustomer();
    expect(await bookingMobile(contactId)).toEqual({ mobile: null, pending: null });
    expect(await refusal(requestMobileVerification(contactId, { phone: "12" }))).toBe("Ce numéro n'est pas valide (exemple : 06 12 34 56 78 ou +32 470 12 34 56).");
    // A landline given as the mobile: the code could never arrive.
    expect(await refusal(requestMobileVerification(contactId, { phone: "04 78 12 34 56" }))).toBe(
      "Ce numéro ne peut pas recevoir le code par SMS : indiquez un numéro de mobile (06 ou 07).",
    );
    expect(await db.select().from(outbox).where(eq(outbox.contactId, contactId))).toEqual([]);
  });

  it("verified in the flow, the number is used by the booking made at once: the confirmation goes by e-mail and SMS", async () => {
    const contactId = await newCustomer();
    const mobile = freshMobile();
    const v = await requestMobileVerification(contactId, { phone: mobile });
    expect(v).toMatchObject({ purpose: "phone-change", channel: "sms", target: `+33${mobile.replace(/\s/g, "").slice(1)}` });
    // Queued when the answer comes (« nous envoyons »), « envoyé » only once the provider took it.
    expect(await codeDelivery(contactId, v.verificationId)).toBe("queued");
    // The number as the customer wrote it, formatted by the server (the page ships no phone metadata).
    expect(await bookingMobile(contactId)).toEqual({ mobile: null, pending: { verificationId: v.verificationId, target: v.target, display: mobile } });
    const { code } = await sentCode(v.verificationId); // (sealed in the outbox until sent, then wiped)
    await drain();
    expect(await codeDelivery(contactId, v.verificationId)).toBe("sent");
    expect(fake.sms.map((m) => m.to)).toContain(v.target);

    // Not used before it is confirmed: a booking now would send no SMS.
    expect((await getCustomerWithPending(contactId)).phone).toBeNull();
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await refusal(confirmContactChange(contactId, { verificationId: v.verificationId, code: wrong, purpose: "phone-change" }))).toBe(
      "VALIDATION: Code incorrect. Il vous reste 4 essais.",
    );
    expect(await confirmContactChange(contactId, { verificationId: v.verificationId, code, purpose: "phone-change" })).toEqual({ field: "phone", value: v.target });

    // Its HubSpot write is still in the outbox (not drained): the booking sees it all the same.
    expect(await pendingContactProperties(contactId)).toEqual({ phone: v.target, mobilephone: v.target });
    expect(await bookingMobile(contactId)).toEqual({ mobile: v.target, pending: null });
    const page = await book(contactId);
    expect(page.deliveries.map((x) => x.channel)).toEqual(["email", "sms"]);
    fake.sms = [];
    await drain();
    expect(fake.sms.filter((m) => m.to === v.target).map((m) => m.body).join("\n")).toMatch(/RDV confirmé/);
    // The same number again: already on file.
    expect(await refusal(requestMobileVerification(contactId, { phone: mobile }))).toBe("VALIDATION: Ce numéro est déjà enregistré sur votre compte.");
  });

  it("skipped (or not confirmed yet), the booking's confirmation names the e-mail only", async () => {
    const contactId = await newCustomer();
    expect((await book(contactId)).deliveries.map((x) => x.channel)).toEqual(["email"]);
    // A code sent but not typed: still e-mail only.
    await requestMobileVerification(contactId, { phone: freshMobile() });
    expect((await book(contactId)).deliveries.map((x) => x.channel)).toEqual(["email"]);
  });

  it("a code sent to one customer confirms nothing for another, whose questions about it are unanswered", async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    const v = await requestMobileVerification(a, { phone: freshMobile() });
    const { code } = await sentCode(v.verificationId);
    expect(await refusal(confirmContactChange(b, { verificationId: v.verificationId, code, purpose: "phone-change" }))).toBe(
      "VALIDATION: Cette demande est inconnue ou a expiré. Demandez un nouveau code.",
    );
    expect(await refusal(codeDelivery(b, v.verificationId))).toBe("NOT_FOUND: Cette demande est inconnue ou a expiré. Demandez un nouveau code.");
    expect(await pendingContactProperties(b)).toEqual({});
    expect(await bookingMobile(b)).toEqual({ mobile: null, pending: null });
    // A's code is still good for A (B's tries did not spend it).
    expect(await confirmContactChange(a, { verificationId: v.verificationId, code, purpose: "phone-change" })).toEqual({ field: "phone", value: v.target });
  });
});
