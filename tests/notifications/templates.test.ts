import { describe, expect, it } from "vitest";
import { TEST_COMPANY as COMPANY } from "../support/company";
import { renderNotification } from "@/lib/notifications/templates";
import { escapeHtml, isGsm7, toGsm7 } from "@/lib/notifications/templates/escape";
import type { RenderedEmail, RenderedSms } from "@/lib/notifications/templates/types";

const url = "https://portail.duret-electricite.fr/connexion/confirmer?token=abc&x=1";

function email(r: ReturnType<typeof renderNotification>): RenderedEmail {
  if (r.kind !== "email") throw new Error("expected an email");
  return r;
}
function sms(r: ReturnType<typeof renderNotification>): RenderedSms {
  if (r.kind !== "sms") throw new Error("expected an SMS");
  return r;
}

describe("sign-in link email", () => {
  const fr = email(renderNotification({ kind: "email", template: "sign-in-link", to: "a@example.fr", locale: "fr", data: { url, expiresInMinutes: 10 }, sensitive: true }, COMPANY));
  const en = email(renderNotification({ kind: "email", template: "sign-in-link", to: "a@example.fr", locale: "en", data: { url, expiresInMinutes: 10 }, sensitive: true }, COMPANY));

  it("is French by default, with the link, its validity and what to do if not requested", () => {
    expect(fr.subject).toBe("Votre lien de connexion à l'espace client Duret Électricité");
    expect(fr.html).toContain('<html lang="fr">');
    expect(fr.text).toContain(url);
    expect(fr.text).toContain("Ce lien est valable 10 minutes");
    expect(fr.text).toContain("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message");
    // The link is an attribute-escaped href, and the visible copy of the URL is escaped too.
    expect(fr.html).toContain(`href="${url.replace(/&/g, "&amp;")}"`);
    expect(fr.html).not.toContain("x=1&x");
  });

  it("is English for an English-speaking contact", () => {
    expect(en.subject).toBe("Your sign-in link to the Duret Électricité customer portal");
    expect(en.html).toContain('<html lang="en">');
    expect(en.text).toContain("This link is valid for 10 minutes");
    expect(en.text).not.toContain("Ce lien");
  });

  it("has the company identity in the footer of both parts, no images, no remote resources", () => {
    for (const r of [fr, en]) {
      for (const part of [r.html, r.text]) {
        expect(part).toContain(COMPANY.legalName);
        expect(part).toContain("27 rue Paul Bert, 69003 Lyon");
        expect(part).toContain(COMPANY.phone.display);
        expect(part).toContain("842 317 653 00017");
        expect(part).toContain(COMPANY.vatNumber);
      }
      expect(r.html).not.toMatch(/<img|background-image|url\(|<link|<script|<iframe/i);
      // Only the sign-in link itself points elsewhere.
      expect([...r.html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1])).toEqual([url.replace(/&/g, "&amp;")]);
      expect(r.html).toMatch(/<main>[\s\S]*<h1[\s\S]*<\/main>/);
      expect(r.html).toContain("<footer");
    }
  });
});

describe("service desk reply notice", () => {
  it("escapes everything that comes from data, in the body and the title", () => {
    const r = email(
      renderNotification({
        kind: "email",
        template: "service-reply",
        to: "a@example.fr",
        locale: "fr",
        data: { firstName: '<script>alert("x")</script>', subject: 'Prise <b>"grillée"</b>\r\nBcc: x@evil', excerpt: "Tarif < 100 € & délai > 2 j", url: "https://portail.example.fr/messages/1?a=1&b=2" },
      }, COMPANY),
    );
    expect(r.html).not.toContain("<script>");
    expect(r.html).not.toContain("<b>");
    expect(r.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(r.html).toContain("Tarif &lt; 100 € &amp; délai &gt; 2 j");
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.subject).toBe('Nouvelle réponse à votre demande : Prise <b>"grillée"</b> Bcc: x@evil');
    expect(r.html).toContain("<title>Nouvelle réponse à votre demande : Prise &lt;b&gt;");
    expect(r.text).toContain("Lire la réponse : https://portail.example.fr/messages/1?a=1&b=2");
    expect(r.html).not.toMatch(/<img/i);
  });

  it("refuses a non-http link rather than rendering it", () => {
    expect(() =>
      renderNotification({ kind: "email", template: "service-reply", to: "a@example.fr", locale: "fr", data: { subject: "x", url: "javascript:alert(1)" } }, COMPANY),
    ).toThrow();
  });

  it("greets in English for an English-speaking contact", () => {
    const r = email(renderNotification({ kind: "email", template: "service-reply", to: "a@example.fr", locale: "en", data: { firstName: "Jane", subject: "Socket", url: "https://p.example.fr/m/1" } }, COMPANY));
    expect(r.text.startsWith("Hello Jane,")).toBe(true);
    expect(r.subject).toBe("New reply to your request: Socket");
  });
});

describe("SMS", () => {
  it("sign-in code: the exact French text, one GSM-7 segment", () => {
    const r = sms(renderNotification({ kind: "sms", template: "sign-in-code", to: "+33612345678", locale: "fr", data: { code: "123456", expiresInMinutes: 10 }, sensitive: true }, COMPANY));
    expect(r.body).toBe("Duret Électricité : votre code de connexion est 123456. Il expire dans 10 minutes.");
    expect(isGsm7(r.body)).toBe(true);
    expect(r.body.length).toBeLessThanOrEqual(160);
  });

  it("sign-in code in English", () => {
    const r = sms(renderNotification({ kind: "sms", template: "sign-in-code", to: "+33612345678", locale: "en", data: { code: "654321", expiresInMinutes: 10 }, sensitive: true }, COMPANY));
    expect(r.body).toBe("Duret Électricité: your sign-in code is 654321. It expires in 10 minutes.");
  });

  it("generic notice: free text reduced to GSM-7 (accents GSM lacks lose them, others are kept)", () => {
    const r = sms(renderNotification({ kind: "sms", template: "notice", to: "+33612345678", locale: "fr", data: { text: "Une réponse vous attend — pensez à vérifier l’âge du tableau 🙂" } }, COMPANY));
    expect(isGsm7(r.body)).toBe(true);
    expect(r.body).toBe("Duret Électricité : Une réponse vous attend - pensez à vérifier l'age du tableau ?");
    expect(toGsm7("Çà où ê")).toBe("Çà où e");
  });

  it("escapeHtml covers the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});
