import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { isLowScore, surveyAnswersSchema } from "@/lib/surveys/schemas";
import { issueSurveyToken, SURVEY_TTL_SECONDS, verifySurveyToken } from "@/lib/surveys/token";

/** Survey links: signed (jose HS256), 30 days, bound to contact + ticket; forged/expired/altered refused. */
describe("survey tokens", () => {
  it("round-trips the contact, the ticket and a unique jti", async () => {
    const a = await issueSurveyToken({ contactId: "10001", ticketId: "20001" });
    const b = await issueSurveyToken({ contactId: "10001", ticketId: "20001" });
    const va = await verifySurveyToken(a);
    const vb = await verifySurveyToken(b);
    expect(va.ok && va.claims).toMatchObject({ contactId: "10001", ticketId: "20001" });
    expect(va.ok && vb.ok && va.claims.jti !== vb.claims.jti).toBe(true);
  });

  it("expires after 30 days", async () => {
    const issued = new Date("2026-01-01T10:00:00Z");
    const token = await issueSurveyToken({ contactId: "10001", ticketId: "20001", now: issued });
    expect((await verifySurveyToken(token, new Date(issued.getTime() + (SURVEY_TTL_SECONDS - 60) * 1000))).ok).toBe(true);
    expect(await verifySurveyToken(token, new Date(issued.getTime() + (SURVEY_TTL_SECONDS + 60) * 1000))).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a forged token (other key), an altered payload and garbage", async () => {
    const forged = await new SignJWT({ tid: "20001" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("10001")
      .setJti("x")
      .setIssuer("duret-portal")
      .setAudience("duret-survey")
      .setExpirationTime("30d")
      .sign(new TextEncoder().encode("not-the-portal-secret-not-the-portal-secret"));
    expect(await verifySurveyToken(forged)).toEqual({ ok: false, reason: "invalid" });
    const token = await issueSurveyToken({ contactId: "10001", ticketId: "20001" });
    const [h, p, s] = token.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...payload, tid: "20002" })).toString("base64url")}.${s}`;
    expect(await verifySurveyToken(altered)).toEqual({ ok: false, reason: "invalid" });
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${p}.`;
    expect(await verifySurveyToken(none)).toEqual({ ok: false, reason: "invalid" });
    expect(await verifySurveyToken("abc")).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("survey answers", () => {
  it("validates scores and flags low ones", () => {
    expect(surveyAnswersSchema.safeParse({ overall: 6, technician: 3, punctual: "yes", nps: 5 }).success).toBe(false);
    expect(surveyAnswersSchema.safeParse({ overall: "4", technician: "5", punctual: "no", nps: "0" }).success).toBe(true);
    // A question left blank (an unchecked radio group: null, or "") is missing, never a 0.
    for (const blank of [null, "", undefined]) {
      const r = surveyAnswersSchema.safeParse({ overall: 4, technician: 5, punctual: "no", nps: blank });
      expect(r.success, String(blank)).toBe(false);
      expect(r.error?.issues[0]?.message).toBe("Choisissez une note de 0 à 10.");
    }
    expect(surveyAnswersSchema.safeParse({ overall: null, technician: 5, punctual: "no", nps: 7 }).success).toBe(false);
    expect(isLowScore({ overall: 2, technician: 5, nps: 9 })).toBe(true);
    expect(isLowScore({ overall: 4, technician: 4, nps: 8 })).toBe(false);
  });
});
