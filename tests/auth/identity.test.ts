import { describe, expect, it } from "vitest";
import { parseSignInIdentity, safeReturnPath, signInRequestSchema, smsCodeSchema } from "@/lib/auth/identity";
import { toE164 as normalizeSignInPhone } from "@/lib/contact/phone";

describe("sign-in identity", () => {
  it.each([
    ["06 12 34 56 78", "+33612345678"],
    ["0612345678", "+33612345678"],
    ["06.12.34.56.78", "+33612345678"],
    ["06-12-34-56-78", "+33612345678"],
    ["+33 6 12 34 56 78", "+33612345678"],
    ["+33612345678", "+33612345678"],
    ["0033 6 12 34 56 78", "+33612345678"],
    ["+33 (0)6 12 34 56 78", "+33612345678"],
    ["07 87 65 43 21", "+33787654321"],
    ["+32 470 12 34 56", "+32470123456"],
  ])("reads %s as %s", (raw, e164) => {
    expect(normalizeSignInPhone(raw)).toBe(e164);
    expect(parseSignInIdentity(raw)).toEqual({ channel: "sms", identity: e164 });
  });

  it.each(["06 12 34", "12345", "06 12 34 56 78 90", "+33 6 12", "abc", "06 12 34 56 7a"])("refuses the phone %s", (raw) => {
    expect(parseSignInIdentity(raw)).toBeNull();
  });

  it("lowercases and trims emails, refuses malformed ones", () => {
    expect(parseSignInIdentity("  Camille.Martin@Example.FR ")).toEqual({ channel: "email", identity: "camille.martin@example.fr" });
    expect(parseSignInIdentity("camille@@example.fr")).toBeNull();
    expect(parseSignInIdentity("camille@")).toBeNull();
  });

  it("says in French what is wrong with the field", () => {
    const issue = (identifiant: string) => signInRequestSchema.safeParse({ identifiant }).error?.issues[0]?.message;
    expect(issue("")).toBe("Indiquez votre adresse e-mail ou votre numéro de mobile.");
    expect(issue("camille@")).toMatch(/adresse e-mail n'est pas valide/);
    expect(issue("06 12")).toMatch(/numéro n'est pas valide/);
    // A landline cannot receive the code.
    expect(issue("01 42 68 53 00")).toMatch(/numéro de mobile/);
    expect(signInRequestSchema.safeParse({ identifiant: "06 12 34 56 78" }).success).toBe(true);
  });

  it("accepts a 6-digit code typed with spaces, nothing else", () => {
    expect(smsCodeSchema.parse({ code: "123 456" }).code).toBe("123456");
    expect(smsCodeSchema.safeParse({ code: "12345" }).error?.issues[0]?.message).toBe("Le code comporte 6 chiffres.");
    expect(smsCodeSchema.safeParse({ code: "12345a" }).success).toBe(false);
  });
});

describe("retour after sign-in", () => {
  it.each([
    ["/rendez-vous", "/rendez-vous"],
    ["/documents?onglet=factures#haut", "/documents?onglet=factures#haut"],
    ["/", "/"],
  ])("keeps the local path %s", (raw, expected) => expect(safeReturnPath(raw)).toBe(expected));

  it.each([
    "https://evil.example/",
    "//evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "rendez-vous",
    "/a\nb",
    "/connexion",
    "/connexion/code",
    "",
    undefined,
    42,
  ])("sends %s to /", (raw) => {
    expect(safeReturnPath(raw)).toBe("/");
  });

  it("keeps encoded characters encoded (a path, never a header)", () => {
    const result = safeReturnPath("/%0d%0aSet-Cookie:x");
    expect(result).toBe("/%0d%0aSet-Cookie:x");
    expect(new URL(result, "https://portail.example").origin).toBe("https://portail.example");
  });
});
