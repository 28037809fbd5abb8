import { describe, expect, it } from "vitest";
import { filterByAddress, matchesAddress } from "@/lib/contact/address-match";

describe("address filter for interventions and appointments", () => {
  const home = { line: "12 rue Paul-Bert", zip: "69003" };
  it("matches whatever the accents, case and punctuation", () => {
    expect(matchesAddress("12 Rue Paul Bert, 69003 Lyon", home)).toBe(true);
    expect(matchesAddress("12, RUE PAUL-BERT 69003 LYON 3E", home)).toBe(true);
    expect(matchesAddress("8 chemin des Écoliers, 69390 Vourles", { line: "8 chemin des ecoliers", zip: "69390" })).toBe(true);
  });
  it("does not match another number, street or postcode", () => {
    expect(matchesAddress("112 rue Paul Bert, 69003 Lyon", home)).toBe(false);
    expect(matchesAddress("12 rue Paul Bert, 69006 Lyon", home)).toBe(false);
    expect(matchesAddress(null, home)).toBe(false);
  });
  it("filters a list, or keeps everything when no address is chosen", () => {
    const items = [{ a: "12 rue Paul Bert, 69003 Lyon" }, { a: "3 chemin des Vignes, 69390 Vourles" }, { a: null }];
    expect(filterByAddress(items, home, (i) => i.a)).toEqual([items[0]]);
    expect(filterByAddress(items, null, (i) => i.a)).toHaveLength(3);
  });
});
