import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCookie } from "@/lib/auth/request-context";
import { decodeLinkSegment, verifyManageToken } from "@/lib/bookings/tokens";

/**
 * Found by the fuzz suite: a link or cookie with a malformed %-escape ("%", "%E0%A4%A") made
 * decodeURIComponent throw before any check, so /api/rdv/<token>/ics (and the /rdv/<token> page)
 * answered 500. Now an invalid link / no cookie.
 */
describe("malformed %-escapes are invalid input, not errors", () => {
  it("decodeLinkSegment never throws and still decodes good links", () => {
    expect(decodeLinkSegment("%")).toBe("");
    expect(decodeLinkSegment("%E0%A4%A")).toBe("");
    expect(decodeLinkSegment("abc.def%2Dg.h")).toBe("abc.def-g.h");
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => typeof decodeLinkSegment(s) === "string"), { numRuns: 200 });
  });

  it("verifyManageToken refuses what a malformed link decodes to", async () => {
    expect(await verifyManageToken(decodeLinkSegment("%zz"))).toBeNull();
  });

  it("readCookie ignores a cookie with a malformed escape", () => {
    const headers = new Headers({ cookie: "a=%; b=ok%20x" });
    expect(readCookie(headers, "a")).toBeUndefined();
    expect(readCookie(headers, "b")).toBe("ok x");
  });
});
