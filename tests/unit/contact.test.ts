import { describe, expect, it } from "vitest";
import { channelsOf } from "@/lib/contact/channels";
import { normalizeEmail, parseEmail } from "@/lib/contact/email";
import { displayPhone, isMobile, toE164, toMobileE164 } from "@/lib/contact/phone";

/** lib/contact: the one rule for phone numbers and email addresses (forms, sign-in, SMS, emails). */
describe("phone numbers", () => {
  it.each([
    ["06 12 34 56 78", "+33612345678"],
    ["06.12.34.56.78", "+33612345678"],
    ["+33 (0)6 12 34 56 78", "+33612345678"],
    ["0033 6 12 34 56 78", "+33612345678"],
    ["\uff10\uff16 12 34 56 78", "+33612345678"],
    ["04 78 62 45 18", "+33478624518"],
    ["0032 470 12 34 56", "+32470123456"],
    ["+44 20 7946 0958", "+442079460958"],
  ])("reads %s as %s", (raw, e164) => {
    expect(toE164(raw)).toBe(e164);
  });

  it.each(["", "12", "06 12 34", "06 12 34 56 78 90", "06 12 34 56 7a", "Tél : 06 12 34 56 78", "06/12/34/56/78", "1-800-FLOWERS"])("refuses %j", (raw) => {
    expect(toE164(raw)).toBeNull();
  });

  it("accepts only numbers an SMS can reach: French 06/07, foreign numbers not known to be landlines", () => {
    for (const mobile of ["06 12 34 56 78", "07 87 65 43 21", "07 11 22 33 44", "+32 470 12 34 56", "+44 7911 123456", "+1 415 555 2671"]) {
      expect(isMobile(mobile), mobile).toBe(true);
    }
    // Landlines (01–05), special rates (08), internet boxes (09), a London and a Réunion landline.
    for (const other of ["01 42 68 53 00", "04 78 62 45 18", "08 12 34 56 78", "09 12 34 56 78", "+44 20 7946 0958", "+262 262 12 34 56", "12", null]) {
      expect(isMobile(other), String(other)).toBe(false);
    }
    expect(toMobileE164("+33 6 12 34 56 78")).toBe("+33612345678");
    expect(toMobileE164("04 78 62 45 18")).toBeNull();
  });

  it("shows French numbers the French way, others internationally, and leaves the unreadable as typed", () => {
    expect(displayPhone("+33612345678")).toBe("06 12 34 56 78");
    expect(displayPhone("+32470123456")).toBe("+32 470 12 34 56");
    expect(displayPhone("n/a")).toBe("n/a");
    expect(displayPhone(null)).toBeNull();
  });
});

describe("email addresses", () => {
  it("normalises (NFKC, trim, lowercase) and refuses malformed addresses", () => {
    expect(normalizeEmail("  Camille.Martin@Example.FR ")).toBe("camille.martin@example.fr");
    expect(parseEmail("\uff23amille@example.fr")).toBe("camille@example.fr");
    expect(parseEmail(" Helene@Example.fr ")).toBe("helene@example.fr");
    for (const bad of ["camille@", "camille@@example.fr", "pas-un-email", `${"a".repeat(250)}@x.fr`, "", null]) expect(parseEmail(bad)).toBeNull();
  });
});

describe("a customer's channels", () => {
  it("keeps a valid email and a mobile; a landline gets no SMS", () => {
    expect(channelsOf({ email: " Camille@Example.fr", phone: "06 12 34 56 78", language: "en" })).toEqual({ email: "camille@example.fr", phone: "+33612345678", locale: "en" });
    expect(channelsOf({ email: "camille@", phone: "04 78 62 45 18", language: "fr" })).toEqual({ email: null, phone: null, locale: "fr" });
  });
});
