import { describe, expect, it } from "vitest";
import { addressSchema, codeSchema, contactDetailsSchema } from "@/lib/account/schemas";
import { displayPhone, toE164 as normalizePhone } from "@/lib/contact/phone";
import { retainUntil } from "@/lib/account/erasure";
import { KEPT_AFTER_ERASURE } from "@/lib/model/retention";
import { accountCodeEmail, accountCodeSms, erasureConfirmedEmail, erasureConfirmedSms, exportReadyEmail } from "@/lib/notifications/templates/account";
import { isGsm7 } from "@/lib/notifications/templates/escape";
import { TEST_COMPANY as COMPANY } from "../support/company";

describe("account schemas (shared by the forms and the actions)", () => {
  it("normalises phone numbers typed the French way or international, refuses the rest in French", () => {
    expect(normalizePhone("06 12 34 56 78")).toBe("+33612345678");
    expect(normalizePhone("+33 7 87 65 43 21")).toBe("+33787654321");
    expect(normalizePhone("0032 470 12 34 56")).toBe("+32470123456");
    expect(normalizePhone("12")).toBeNull();
    expect(normalizePhone("06 12 34")).toBeNull();
    expect(displayPhone("+33612345678")).toBe("06 12 34 56 78");
    const bad = contactDetailsSchema.safeParse({ firstName: "A", lastName: "B", email: "x@y.fr", phone: "0612" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/Ce numéro n'est pas valide/);
  });

  it("cleans names and emails, refuses markup and control characters", () => {
    const ok = contactDetailsSchema.parse({ firstName: "  Camille  ", lastName: "Martin\u00a0 Durand", email: " Camille@Example.FR ", phone: "" });
    expect(ok).toEqual({ firstName: "Camille", lastName: "Martin Durand", email: "camille@example.fr", phone: "" });
    expect(contactDetailsSchema.safeParse({ firstName: "<script>", lastName: "B", email: "x@y.fr", phone: "" }).success).toBe(false);
    expect(contactDetailsSchema.safeParse({ firstName: "", lastName: "B", email: "x@y.fr", phone: "" }).success).toBe(false);
    expect(contactDetailsSchema.safeParse({ firstName: "A", lastName: "B", email: "pas-un-email", phone: "" }).success).toBe(false);
  });

  it("addresses need a 5-digit postcode; codes are 6 digits (spaces allowed)", () => {
    expect(addressSchema.parse({ line: "3 rue X", zip: "69 002", city: "Lyon" })).toMatchObject({ zip: "69002" });
    expect(addressSchema.safeParse({ line: "3 rue X", zip: "6900", city: "Lyon" }).error?.issues[0]?.message).toMatch(/5 chiffres/);
    expect(codeSchema.parse({ verificationId: "abcdefghijklmnopqrstuvwx", code: "123 456" }).code).toBe("123456");
    expect(codeSchema.safeParse({ verificationId: "abcdefghijklmnopqrstuvwx", code: "12345" }).success).toBe(false);
  });

  it("retained documents are kept until 31 December of their year + 10 years", () => {
    expect(retainUntil("2026-03-15", new Date("2030-06-01T00:00:00Z")).toISOString()).toBe("2036-12-31T23:59:59.000Z"); // the document's own year wins
    expect(retainUntil(null, new Date("2027-05-01T00:00:00Z")).getUTCFullYear()).toBe(2037);
  });
});

describe("account templates", () => {
  it("the code email and SMS carry the code, the purpose and the validity; the SMS is one GSM-7 segment", () => {
    const email = accountCodeEmail("fr", { code: "482913", expiresInMinutes: 10, purpose: "email-change" }, COMPANY);
    expect(email.subject).toContain("482913");
    expect(email.text).toContain("nouvelle adresse e-mail");
    expect(email.html).toContain('lang="fr"');
    const sms = accountCodeSms("fr", { code: "482913", expiresInMinutes: 10, purpose: "erasure" }, COMPANY);
    expect(sms.body).toContain("482913");
    expect(sms.body).toContain("suppression");
    expect(isGsm7(sms.body)).toBe(true);
    expect(sms.body.length).toBeLessThanOrEqual(160);
    expect(accountCodeEmail("en", { code: "482913", expiresInMinutes: 10, purpose: "phone-change" }, COMPANY).text).toContain("new phone number");
  });

  it("the erasure confirmation says what is kept and why (same text as the page)", () => {
    const email = erasureConfirmedEmail("fr", COMPANY);
    for (const k of KEPT_AFTER_ERASURE.fr) expect(email.text).toContain(k.what);
    expect(email.text).toContain("L123-22");
    const sms = erasureConfirmedSms("fr", COMPANY);
    expect(isGsm7(sms.body)).toBe(true);
    expect(sms.body).toMatch(/10 ans/);
  });

  it("the export-ready email links to the account page, not to the file", () => {
    const email = exportReadyEmail("fr", { url: "https://portail.example.fr/compte#mes-donnees", availableDays: 7 }, COMPANY);
    expect(email.text).toContain("https://portail.example.fr/compte#mes-donnees");
    expect(email.text).toContain("7 jours");
  });
});
