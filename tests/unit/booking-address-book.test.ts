import { describe, expect, it } from "vitest";
import { addressOptions, initialAddressChoice, OTHER_ADDRESS } from "@/lib/bookings/address-book";
import type { SavedAddress } from "@/lib/model/types";

const home: SavedAddress = { id: "a1", label: "Maison", line: "12 rue Royale", zip: "69001", city: "Lyon", isDefault: true };
const flat: SavedAddress = { id: "a2", label: "Appartement loué", line: "8 cours Gambetta", zip: "69003", city: "Lyon", isDefault: false };

describe("booking form: the customer's address book", () => {
  it("one option per saved address, default first, as one booking line; duplicates once", () => {
    expect(addressOptions([flat, home, { ...home, id: "a3", isDefault: false }])).toEqual([
      { id: "a1", label: "Maison", text: "12 rue Royale, 69001 Lyon" },
      { id: "a2", label: "Appartement loué", text: "8 cours Gambetta, 69003 Lyon" },
    ]);
    expect(addressOptions([])).toEqual([]);
  });

  it("starts on the saved address the slots were computed for, even written differently", () => {
    const options = addressOptions([home, flat]);
    expect(initialAddressChoice(options, "8 cours Gambetta, 69003 Lyon", [home, flat])).toEqual({ choice: "a2", text: "8 cours Gambetta, 69003 Lyon" });
    expect(initialAddressChoice(options, "12 Rue Royale 69001 LYON", [home, flat])).toEqual({ choice: "a1", text: "12 rue Royale, 69001 Lyon" });
  });

  it("an address on file that is not in the book, or no address at all", () => {
    const options = addressOptions([home]);
    expect(initialAddressChoice(options, "3 chemin des Sources, 69130 Écully", [home])).toEqual({ choice: OTHER_ADDRESS, text: "3 chemin des Sources, 69130 Écully" });
    expect(initialAddressChoice(options, null, [home])).toEqual({ choice: "a1", text: "12 rue Royale, 69001 Lyon" });
    expect(initialAddressChoice([], null)).toEqual({ choice: OTHER_ADDRESS, text: "" });
  });
});
