import { describe, expect, it } from "vitest";
import { renderNotification } from "@/lib/notifications/templates";
import { notificationInputSchema } from "@/lib/notifications/inputs";
import { TEST_COMPANY as COMPANY } from "../support/company";

describe("survey invitation templates", () => {
  it("renders the email with the personal link, escaped subject, in French and English", () => {
    const n = notificationInputSchema.parse({
      kind: "email",
      template: "survey-invitation",
      to: "camille.martin@example.fr",
      locale: "fr",
      sensitive: true,
      data: { firstName: "Camille", subject: "Tableau <script>alert(1)</script>", url: "https://portail.example/avis/abc.def.ghi" },
    });
    const fr = renderNotification(n, COMPANY);
    expect(fr.kind).toBe("email");
    if (fr.kind !== "email") return;
    expect(fr.subject).toContain("Votre avis sur notre intervention");
    expect(fr.html).toContain("https://portail.example/avis/abc.def.ghi");
    expect(fr.html).not.toContain("<script>");
    expect(fr.text).toContain("valable 30 jours");
    const en = renderNotification({ ...n, locale: "en" }, COMPANY);
    expect(en.kind === "email" && en.subject).toContain("Your feedback");
  });

  it("renders a one-segment GSM-7 SMS", () => {
    const sms = renderNotification(
      notificationInputSchema.parse({ kind: "sms", template: "survey-invitation-sms", to: "+33612345678", locale: "fr", sensitive: true, data: { url: "https://portail.example/avis/x" } }), COMPANY,
    );
    expect(sms.kind).toBe("sms");
    if (sms.kind === "sms") expect(sms.body).toMatch(/Votre avis en 1 minute : https:\/\/portail\.example\/avis\/x$/);
  });

  it("refuses a survey invitation that is not sealed or has no valid link", () => {
    expect(notificationInputSchema.safeParse({ kind: "sms", template: "survey-invitation-sms", to: "+33612345678", locale: "fr", data: { url: "https://x.example/a" } }).success).toBe(false);
    expect(notificationInputSchema.safeParse({ kind: "sms", template: "survey-invitation-sms", to: "+33612345678", locale: "fr", sensitive: true, data: { url: "javascript:alert(1)" } }).success).toBe(false);
  });
});
