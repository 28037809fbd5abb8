import { describe, expect, it } from "vitest";
import { titleForCustomer } from "@/lib/bookings/list-appointments";

/** Staff-written meeting titles, as the customer reads them: without their own name (issue 16). */
describe("appointment title for the customer", () => {
  const camille = { firstName: "Camille", lastName: "Martin" };
  it("drops the customer's own name", () => {
    expect(titleForCustomer("Dépannage — Camille Martin", camille)).toBe("Dépannage");
    expect(titleForCustomer("Mise aux normes - MARTIN Camille", camille)).toBe("Mise aux normes");
    expect(titleForCustomer("Camille Martin: Diagnostic tableau électrique", camille)).toBe("Diagnostic tableau électrique");
  });
  it("keeps any other title as written", () => {
    expect(titleForCustomer("Installation — cuisine", camille)).toBe("Installation — cuisine");
    expect(titleForCustomer("Camille Martin", camille)).toBe("Camille Martin");
    expect(titleForCustomer("Dépannage — Antoine Girard", camille)).toBe("Dépannage — Antoine Girard");
    expect(titleForCustomer("Dépannage — Camille Martin", { firstName: null, lastName: null })).toBe("Dépannage — Camille Martin");
  });
});
