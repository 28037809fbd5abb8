import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/auth/identity";

describe("safeReturnPath (the « retour » of sign-in links and redirects)", () => {
  it("keeps local paths with their query and hash", () => {
    expect(safeReturnPath("/documents/devis/123?signe=1#haut")).toBe("/documents/devis/123?signe=1#haut");
    expect(safeReturnPath("/rendez-vous/./nouveau")).toBe("/rendez-vous/nouveau");
    expect(safeReturnPath("/a/../messages")).toBe("/messages");
  });

  it.each([
    "//evil.example/phish",
    "/\\evil.example/phish",
    "https://evil.example/phish",
    // Dot segments that resolve to a network-path reference (outside test, 2026-12-07).
    "/.//evil.example/phish",
    "/x/..//evil.example",
    "/%2e//evil.example",
    "/%2e%2e//evil.example",
    "/././/evil.example",
    "/a/b/../..//evil.example",
  ])("never leads to another host: %s", (raw) => {
    const result = safeReturnPath(raw);
    expect(result.startsWith("/")).toBe(true);
    expect(result.startsWith("//")).toBe(false);
    expect(new URL(result, "https://portail.example").host).toBe("portail.example");
  });

  it("refuses the sign-in pages, control characters and non-strings", () => {
    expect(safeReturnPath("/connexion?retour=/x")).toBe("/");
    expect(safeReturnPath("/a\u0000b")).toBe("/");
    expect(safeReturnPath(42)).toBe("/");
  });
});
