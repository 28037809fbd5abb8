import { describe, expect, it } from "vitest";
import { typedAddressSchema } from "@/lib/bookings/schemas";

/**
 * The address a customer types in the booking flow (one line): what is accepted, and the French
 * sentence for each refusal, as the form and the server actions say it.
 */
function refusal(text: string): string {
  const r = typedAddressSchema.safeParse(text);
  if (r.success) throw new Error(`accepted: ${text}`);
  return r.error.issues[0]!.message;
}

describe("typed intervention address", () => {
  it("reads street, postcode and town of an address in the service area", () => {
    expect(typedAddressSchema.parse("12 rue Royale, 69001 Lyon")).toEqual({ line: "12 rue Royale", zip: "69001", city: "Lyon" });
    expect(typedAddressSchema.parse("  5 place Bellecour 69002  Lyon 2e ")).toEqual({ line: "5 place Bellecour", zip: "69002", city: "Lyon 2e" });
    expect(typedAddressSchema.parse("3 montée des Forts, 69300 Caluire, France")).toEqual({ line: "3 montée des Forts", zip: "69300", city: "Caluire" });
    expect(typedAddressSchema.parse("Bât. B, 4 rue Pasteur, 69100 Villeurbanne").line).toBe("Bât. B, 4 rue Pasteur");
    // Its own parsed form parses to itself (an action's parsed input reaches the core function).
    expect(typedAddressSchema.parse({ line: "12 rue Royale", zip: "69001", city: "Lyon" })).toEqual({ line: "12 rue Royale", zip: "69001", city: "Lyon" });
  });

  it("refuses an address abroad, in France only", () => {
    expect(refusal("Hauptstraße 5, 10115 Berlin, Allemagne")).toMatch(/uniquement en France/);
    expect(refusal("Rue Neuve 1, 1000 Bruxelles, Belgique")).toMatch(/uniquement en France/);
  });

  it("leaves the postcode/town and area checks to the server (the commune list stays out of the browser)", () => {
    expect(typedAddressSchema.parse("12 rue de la République, 69100 Bron")).toEqual({ line: "12 rue de la République", zip: "69100", city: "Bron" });
    expect(typedAddressSchema.parse("3 La Canebière, 13001 Marseille").city).toBe("Marseille");
  });

  it("refuses an incomplete address", () => {
    expect(refusal("12 rue Royale Lyon")).toMatch(/^Indiquez l'adresse complète/);
    expect(refusal("")).toMatch(/^Indiquez l'adresse complète/);
  });
});
