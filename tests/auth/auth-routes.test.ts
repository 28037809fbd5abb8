import { describe, expect, it } from "vitest";
import { authRouteAllowed } from "@/lib/auth/auth-routes";

describe("the next-auth endpoints the portal serves", () => {
  it("lets through what next-auth/react's signIn and the session check use", () => {
    expect(authRouteAllowed("GET", ["providers"])).toBe("ok");
    expect(authRouteAllowed("GET", ["csrf"])).toBe("ok");
    expect(authRouteAllowed("GET", ["session"])).toBe("ok");
    expect(authRouteAllowed("POST", ["callback", "email-link"])).toBe("ok");
    expect(authRouteAllowed("POST", ["callback", "sms-code"])).toBe("ok");
  });

  it("answers 404 / 405 itself instead of next-auth's own texts and 500s", () => {
    // Outside test 2026-12-07: GET callback/email-link → 500 "Callback for provider type credentials not supported".
    expect(authRouteAllowed("GET", ["callback", "email-link"])).toBe("method");
    expect(authRouteAllowed("GET", ["callback", "github"])).toBe("not_found");
    expect(authRouteAllowed("POST", ["callback", "github"])).toBe("not_found");
    expect(authRouteAllowed("GET", ["signout"])).toBe("not_found");
    expect(authRouteAllowed("POST", ["signout"])).toBe("not_found");
    expect(authRouteAllowed("GET", ["verify-request"])).toBe("not_found");
    expect(authRouteAllowed("GET", [])).toBe("not_found");
    expect(authRouteAllowed("GET", ["csrf", "x"])).toBe("not_found");
    expect(authRouteAllowed("DELETE", ["session"])).toBe("method");
  });
});
