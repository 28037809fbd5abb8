import { describe, expect, it } from "vitest";
import {
  STANDARD_CODE_POLICY,
  codeExpiry,
  codeState,
  digitCodes,
  linkTokens,
  nextIssueWindow,
  remainingTries,
  type CodePolicy,
  type CodeRecord,
} from "@/lib/one-time-code";

// A fixed instant, passed in: nothing here reads the clock.
const T0 = Date.UTC(2031, 4, 12, 7, 30);
const MIN = 60_000;
const policy: CodePolicy = { ...STANDARD_CODE_POLICY, maxIssuedPerHour: 3, resendAfterMs: 30_000 };
const live = (over: Partial<CodeRecord> = {}): CodeRecord => ({ hash: "h", tries: 0, expiresAt: codeExpiry(policy, T0), consumedAt: null, ...over });

describe("one-time code rules", () => {
  it("a code lives 10 minutes from its issue, to the millisecond", () => {
    expect(codeExpiry(STANDARD_CODE_POLICY, T0).getTime()).toBe(T0 + 10 * MIN);
    expect(codeState(policy, live(), T0 + 10 * MIN - 1)).toBe("live");
    expect(codeState(policy, live(), T0 + 10 * MIN)).toBe("expired");
  });

  it("spent beats expired, expired beats out of tries; a cleared hash is spent", () => {
    expect(codeState(policy, live({ consumedAt: new Date(T0), tries: 5 }), T0 + 20 * MIN)).toBe("used");
    expect(codeState(policy, live({ hash: null }), T0)).toBe("used");
    expect(codeState(policy, live({ tries: 5 }), T0 + 20 * MIN)).toBe("expired");
    expect(codeState(policy, live({ tries: 5 }), T0)).toBe("locked");
    expect(codeState(policy, live({ tries: 4 }), T0)).toBe("live");
    expect(codeState(policy, live({ expiresAt: null }), T0)).toBe("expired");
  });

  it("tries left never go below zero", () => {
    expect([0, 1, 4, 5, 7].map((tries) => remainingTries(policy, { tries }))).toEqual([5, 4, 1, 0, 0]);
  });

  it("the hourly window opens with the first code and counts the codes in it", () => {
    let state = { windowStart: null as Date | null, issued: 0, lastIssuedAt: null as Date | null };
    const at = (offset: number) => {
      const verdict = nextIssueWindow(policy, state, T0 + offset);
      if (verdict.ok) state = { windowStart: verdict.windowStart, issued: verdict.issued, lastIssuedAt: new Date(T0 + offset) };
      return verdict;
    };
    expect(at(0)).toEqual({ ok: true, windowStart: new Date(T0), issued: 1 });
    expect(at(29_999)).toEqual({ ok: false, reason: "too-soon" });
    expect(at(30_000)).toEqual({ ok: true, windowStart: new Date(T0), issued: 2 });
    expect(at(20 * MIN)).toMatchObject({ ok: true, issued: 3 });
    expect(at(59 * MIN)).toEqual({ ok: false, reason: "hourly-limit" });
    // An hour after the window opened, a new one opens with this code.
    expect(at(60 * MIN)).toEqual({ ok: true, windowStart: new Date(T0 + 60 * MIN), issued: 1 });
  });

  it("the hourly limit is checked before the resend gap", () => {
    const full = { windowStart: new Date(T0), issued: 3, lastIssuedAt: new Date(T0 + 5 * MIN) };
    expect(nextIssueWindow(policy, full, T0 + 5 * MIN + 1)).toEqual({ ok: false, reason: "hourly-limit" });
    expect(nextIssueWindow(STANDARD_CODE_POLICY, full, T0 + 5 * MIN + 1)).toMatchObject({ ok: true, issued: 4 });
  });
});

describe("one-time code secrets", () => {
  it("digit codes: 6 digits, salted scrypt, only the right code matches", async () => {
    const code = digitCodes.generate();
    expect(code).toMatch(/^\d{6}$/);
    const stored = await digitCodes.hash(code);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain(code);
    expect(await digitCodes.matches(code, stored)).toBe(true);
    expect(await digitCodes.matches(String((Number(code) + 1) % 1_000_000).padStart(6, "0"), stored)).toBe(false);
    expect(await digitCodes.matches(code, "sha256$whatever")).toBe(false);
  });

  it("link tokens: 256 bits, SHA-256 kept, a digit-code hash never matches a token", async () => {
    const token = linkTokens.generate();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await linkTokens.hash(token);
    expect(await linkTokens.matches(token, stored)).toBe(true);
    expect(await linkTokens.matches(linkTokens.generate(), stored)).toBe(false);
    expect(await linkTokens.matches(token, await digitCodes.hash(token))).toBe(false);
  });
});
