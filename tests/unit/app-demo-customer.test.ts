import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { DEMO_CUSTOMERS } from "@/sandbox/seed";

const findContactIdByEmail = vi.fn(async (email: string) => (email === "camille.martin@example.fr" ? "101" : null));
vi.mock("@/lib/hubspot/queries", () => ({ findContactIdByEmail: (email: string) => findContactIdByEmail(email) }));

const { DEMO_CUSTOMER_EMAIL, forgetDemoLookups, selectDemoCustomer } = await import("@/lib/demo/current-customer");

describe("temporary demo customer of the home page", () => {
  const saved = process.env.HUBSPOT_ACCESS_TOKEN;
  beforeEach(() => {
    delete process.env.HUBSPOT_ACCESS_TOKEN;
    resetEnvForTests();
    forgetDemoLookups();
    findContactIdByEmail.mockClear();
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.HUBSPOT_ACCESS_TOKEN;
    else process.env.HUBSPOT_ACCESS_TOKEN = saved;
    resetEnvForTests();
  });

  it("is the seed's first demo identity (the one the README names first)", () => {
    expect(DEMO_CUSTOMER_EMAIL).toBe(DEMO_CUSTOMERS[0].email);
  });

  it("shows the demo customer by default and looks the email up once per process", async () => {
    expect(await selectDemoCustomer(undefined)).toEqual({ mode: "sandbox", contactId: "101" });
    expect(await selectDemoCustomer(undefined)).toEqual({ mode: "sandbox", contactId: "101" });
    expect(findContactIdByEmail).toHaveBeenCalledTimes(1);
  });

  it("accepts ?client= as a contact id or an email, and nothing else", async () => {
    expect(await selectDemoCustomer("202")).toEqual({ mode: "sandbox", contactId: "202" });
    expect(await selectDemoCustomer(["Camille.Martin@example.fr"])).toEqual({ mode: "sandbox", contactId: "101" });
    expect(await selectDemoCustomer("inconnu@example.fr")).toEqual({ mode: "sandbox", contactId: null });
    expect(await selectDemoCustomer("1 OR 1=1")).toEqual({ mode: "sandbox", contactId: null });
  });

  it("never shows anyone's data with a real HubSpot account", async () => {
    process.env.HUBSPOT_ACCESS_TOKEN = "pat-eu1-real";
    resetEnvForTests();
    expect(await selectDemoCustomer("202")).toEqual({ mode: "real" });
    expect(await selectDemoCustomer(undefined)).toEqual({ mode: "real" });
    expect(findContactIdByEmail).not.toHaveBeenCalled();
  });
});
