import { describe, expect, it } from "vitest";
import { bankAccountSchema, companySchema, DEMO_SETTINGS } from "@/lib/settings";

/**
 * The bank account invoices are paid into (console → Réglages → Entreprise), validated when saved:
 * the refusals the BANK_* variables had at start-up, as French messages next to the field.
 */
const company = DEMO_SETTINGS.company;
const bankIssues = (bank: unknown) => companySchema.safeParse({ ...company, bank }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("company bank details", () => {
  it("the demo account's IBAN passes its checksum", () => {
    expect(companySchema.parse(company).bank).toEqual({ iban: "FR7630006000011234567890189", bic: "AGRIFRPP", beneficiary: null });
  });

  it("no account (null): allowed, the invoices show no transfer block", () => {
    expect(companySchema.parse({ ...company, bank: null }).bank).toBeNull();
  });

  it("takes an IBAN and BIC as people type them, stored in electronic form", () => {
    expect(bankAccountSchema.parse({ iban: " fr76 3000 6000 0112 3456 7890 189 ", bic: "agri frpp", beneficiary: "  Duret   Électricité " })).toEqual({
      iban: "FR7630006000011234567890189",
      bic: "AGRIFRPP",
      beneficiary: "Duret Électricité",
    });
    expect(bankAccountSchema.parse({ iban: "FR7630006000011234567890189", bic: "", beneficiary: "" })).toEqual({ iban: "FR7630006000011234567890189", bic: null, beneficiary: null });
    expect(bankAccountSchema.parse({ iban: "DE89370400440532013000", bic: "COBADEFFXXX", beneficiary: null })).toMatchObject({ iban: "DE89370400440532013000", bic: "COBADEFFXXX" });
  });

  it("refuses an IBAN whose checksum or length fails, with a French message", () => {
    expect(bankIssues({ iban: "FR76 3000 6000 0112 3456 7890 188", bic: null, beneficiary: null })).toEqual([expect.stringMatching(/^bank\.iban: IBAN invalide : vérifiez sa clé de contrôle/)]);
    expect(bankIssues({ iban: "FR76300060000112345678901", bic: null, beneficiary: null })[0]).toMatch(/^bank\.iban: IBAN invalide/);
    expect(bankIssues({ iban: "not an iban", bic: null, beneficiary: null })[0]).toMatch(/^bank\.iban: IBAN invalide/);
  });

  it("refuses an IBAN outside SEPA, a malformed BIC, a beneficiary over 70 characters", () => {
    // Brazil: a valid IBAN, but no SEPA transfer reaches it.
    expect(bankIssues({ iban: "BR1800360305000010009795493C1", bic: null, beneficiary: null })).toEqual([expect.stringMatching(/^bank\.iban: IBAN hors zone SEPA/)]);
    expect(bankIssues({ iban: "FR7630006000011234567890189", bic: "AGRIFR", beneficiary: null })).toEqual([expect.stringMatching(/^bank\.bic: BIC mal formé/)]);
    expect(bankIssues({ iban: "FR7630006000011234567890189", bic: "AGRIFRPPXX", beneficiary: null })).toEqual([expect.stringMatching(/^bank\.bic: BIC mal formé/)]);
    expect(bankIssues({ iban: "FR7630006000011234567890189", bic: null, beneficiary: "D".repeat(71) })).toEqual(["bank.beneficiary: Bénéficiaire : 70 caractères au plus"]);
  });

  it("nothing saved half-configured: a BIC or a beneficiary without an IBAN", () => {
    expect(bankIssues({ iban: "", bic: "AGRIFRPP", beneficiary: null })[0]).toMatch(/^bank\.iban: IBAN/);
    expect(bankIssues({ bic: "AGRIFRPP", beneficiary: "Duret" })[0]).toMatch(/^bank\.iban: IBAN/);
  });

  it("the review page must be https (or nothing)", () => {
    expect(companySchema.parse({ ...company, reviewUrl: "https://g.page/r/abc/review" }).reviewUrl).toBe("https://g.page/r/abc/review");
    expect(companySchema.parse({ ...company, reviewUrl: "" }).reviewUrl).toBeNull();
    expect(companySchema.safeParse({ ...company, reviewUrl: "http://example.fr/avis" }).error?.issues.map((i) => i.message)).toEqual(["Page d'avis : adresse https:// attendue"]);
  });
});
