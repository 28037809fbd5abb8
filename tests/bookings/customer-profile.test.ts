import { describe, expect, it, vi } from "vitest";
import type { Customer } from "@/lib/model/types";

const customer = vi.hoisted(() => ({ current: null as Customer | null }));
vi.mock("@/lib/hubspot/queries", () => ({ getCustomer: async () => customer.current }));

const { hubspotCustomerProfile } = await import("@/lib/bookings/store");

function contact(phone: string | null, email: string | null = "camille@example.fr"): Customer {
  return {
    id: "101",
    firstName: "Camille",
    lastName: "Martin",
    email,
    phone,
    address: { line: "12 rue Royale", zip: "69001", city: "Lyon" },
    geo: null,
    sageCustomerCode: null,
    sageBalanceDue: null,
    language: "fr",
    kind: "consumer",
  };
}

/** Booking confirmations and reminders go by SMS to the profile's phone: only ever a mobile. */
describe("the booking customer profile", () => {
  it("keeps a mobile as E.164", async () => {
    customer.current = contact("06 12 34 56 78");
    expect(await hubspotCustomerProfile("101")).toMatchObject({ phone: "+33612345678", email: "camille@example.fr", address: "12 rue Royale, 69001 Lyon" });
  });

  it("refuses a landline given as the phone (no SMS to 04 78…)", async () => {
    customer.current = contact("04 78 62 45 18");
    expect((await hubspotCustomerProfile("101")).phone).toBeNull();
    customer.current = contact("+33 1 42 68 53 00");
    expect((await hubspotCustomerProfile("101")).phone).toBeNull();
  });
});
