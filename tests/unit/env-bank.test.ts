import { describe, expect, it } from "vitest";
import { DEMO_BANK, parseEnv } from "@/lib/env";

/** The bank account for SEPA transfers: validated at start-up, demo account on the sandbox only. */
const REAL = { HUBSPOT_ACCESS_TOKEN: "pat-eu1-test", NODE_ENV: "production" };
const failure = (source: Record<string, string>) => {
  try {
    parseEnv(source);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe("BANK_IBAN, BANK_BIC, BANK_BENEFICIARY", () => {
  it("the demo IBAN passes its checksum, and the sandbox uses the demo account", () => {
    expect(parseEnv({}).bank).toEqual(DEMO_BANK);
    expect(DEMO_BANK.demo).toBe(true);
  });

  it("real HubSpot without BANK_IBAN: no account (the invoices show no transfer block), and it still starts", () => {
    expect(parseEnv(REAL).bank).toBeNull();
  });

  it("takes an IBAN and BIC as people type them, stored in electronic form", () => {
    const env = parseEnv({ ...REAL, BANK_IBAN: " fr76 3000 6000 0112 3456 7890 189 ", BANK_BIC: "agri frpp", BANK_BENEFICIARY: "  Duret   Électricité " });
    expect(env.bank).toEqual({ iban: "FR7630006000011234567890189", bic: "AGRIFRPP", beneficiary: "Duret Électricité", demo: false });
    expect(parseEnv({ ...REAL, BANK_IBAN: "FR7630006000011234567890189" }).bank).toEqual({ iban: "FR7630006000011234567890189", bic: null, beneficiary: null, demo: false });
    expect(parseEnv({ BANK_IBAN: "DE89370400440532013000", BANK_BIC: "COBADEFFXXX" }).bank).toMatchObject({ iban: "DE89370400440532013000", bic: "COBADEFFXXX", demo: false });
  });

  it("refuses to start on an IBAN whose checksum fails, with a French message", () => {
    expect(failure({ ...REAL, BANK_IBAN: "FR76 3000 6000 0112 3456 7890 188" })).toMatch(/BANK_IBAN: IBAN invalide : vérifiez sa clé de contrôle/);
    expect(failure({ ...REAL, BANK_IBAN: "FR76300060000112345678901" })).toMatch(/BANK_IBAN: IBAN invalide/);
    expect(failure({ ...REAL, BANK_IBAN: "not an iban" })).toMatch(/BANK_IBAN: IBAN invalide/);
  });

  it("refuses an IBAN outside SEPA, a malformed BIC, a beneficiary over 70 characters", () => {
    // Brazil: a valid IBAN, but no SEPA transfer reaches it.
    expect(failure({ ...REAL, BANK_IBAN: "BR1800360305000010009795493C1" })).toMatch(/BANK_IBAN: IBAN hors zone SEPA/);
    expect(failure({ ...REAL, BANK_IBAN: "FR7630006000011234567890189", BANK_BIC: "AGRIFR" })).toMatch(/BANK_BIC: BIC mal formé/);
    expect(failure({ ...REAL, BANK_IBAN: "FR7630006000011234567890189", BANK_BIC: "AGRIFRPPXX" })).toMatch(/BANK_BIC: BIC mal formé/);
    expect(failure({ ...REAL, BANK_IBAN: "FR7630006000011234567890189", BANK_BENEFICIARY: "D".repeat(71) })).toMatch(/BANK_BENEFICIARY: nom du bénéficiaire trop long/);
  });

  it("nothing starts half-configured: a BIC or beneficiary without an IBAN", () => {
    expect(failure({ ...REAL, BANK_BIC: "AGRIFRPP" })).toMatch(/BANK_BIC: BANK_BIC est renseigné mais BANK_IBAN ne l'est pas/);
    expect(failure({ BANK_BENEFICIARY: "Duret" })).toMatch(/BANK_BENEFICIARY: BANK_BENEFICIARY est renseigné mais BANK_IBAN ne l'est pas/);
  });
});
