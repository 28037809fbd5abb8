import "server-only";
import type { Company } from "@/lib/settings/company";
import { escapeHtml, oneLine, toGsm7 } from "./escape";
import { buttonHtml, emailHtml, footerText, paragraph } from "./layout";
import type { Locale, RenderedEmail, RenderedSms } from "./types";

/** Quote e-signature (issue 5): the one-time code that confirms a signature, and the signed PDF. */

export function quoteSignCodeSms(locale: Locale, data: { code: string; quoteNumber: string; expiresInMinutes: number }, company: Company): RenderedSms {
  const number = oneLine(data.quoteNumber, 30);
  const body =
    locale === "fr"
      ? `${company.name} : code ${data.code} pour signer le devis ${number}. Valable ${data.expiresInMinutes} min. Ne le communiquez a personne.`
      : `${company.name}: code ${data.code} to sign quote ${number}. Valid ${data.expiresInMinutes} min. Do not share it.`;
  return { kind: "sms", body: toGsm7(body) };
}

export function quoteSignCodeEmail(locale: Locale, data: { code: string; quoteNumber: string; expiresInMinutes: number }, company: Company): RenderedEmail {
  const number = oneLine(data.quoteNumber, 30);
  const t =
    locale === "fr"
      ? {
          subject: `Code de signature du devis ${number} : ${data.code}`,
          heading: "Votre code de signature",
          intro: `Voici le code à saisir dans votre espace client pour signer le devis n° ${number} :`,
          validity: `Il est valable ${data.expiresInMinutes} minutes et ne sert qu'une fois. Ne le communiquez à personne : il vaut signature.`,
          ignore: "Si vous n'êtes pas en train de signer ce devis, ignorez ce message et prévenez-nous.",
        }
      : {
          subject: `Signing code for quote ${number}: ${data.code}`,
          heading: "Your signing code",
          intro: `Here is the code to enter in your customer portal to sign quote no. ${number}:`,
          validity: `It is valid for ${data.expiresInMinutes} minutes and works only once. Do not share it: it counts as your signature.`,
          ignore: "If you are not signing this quote, ignore this message and let us know.",
        };
  const bodyHtml = [
    paragraph(escapeHtml(t.intro)),
    `<p style="margin:0 0 16px 0;font-size:28px;font-weight:bold;letter-spacing:6px;color:#111827">${escapeHtml(data.code)}</p>`,
    paragraph(escapeHtml(t.validity)),
    paragraph(escapeHtml(t.ignore)),
  ].join("\n");
  const text = [t.intro, "", data.code, "", t.validity, "", t.ignore, "", "--", footerText(locale, company), ""].join("\n");
  return { kind: "email", subject: t.subject, html: emailHtml({ company, locale, title: t.subject, heading: t.heading, bodyHtml }), text };
}

export function quoteSignedEmail(
  locale: Locale,
  data: { firstName?: string; quoteNumber: string; signedAt: string; url: string; fileName: string; pdfBase64: string },
  company: Company,
): RenderedEmail {
  const number = oneLine(data.quoteNumber, 30);
  const name = data.firstName ? oneLine(data.firstName, 100) : undefined;
  const when = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Paris" }).format(new Date(data.signedAt));
  const t =
    locale === "fr"
      ? {
          subject: `Votre devis ${number} signé`,
          heading: "Merci, votre devis est signé",
          greeting: name ? `Bonjour ${name},` : "Bonjour,",
          intro: `Vous avez signé le devis n° ${number} le ${when}. Vous trouverez en pièce jointe le devis signé, avec en dernière page le dossier de preuve de votre signature.`,
          seal: `Le fichier est scellé par ${company.legalName} : toute modification le rendrait invalide.`,
          next: "Nous vous contactons très vite pour planifier les travaux.",
          button: "Voir le devis dans mon espace",
        }
      : {
          subject: `Your signed quote ${number}`,
          heading: "Thank you, your quote is signed",
          greeting: name ? `Hello ${name},` : "Hello,",
          intro: `You signed quote no. ${number} on ${when}. The signed quote is attached, with the evidence of your signature on its last page.`,
          seal: `The file is sealed by ${company.legalName}: any change would invalidate it.`,
          next: "We will contact you shortly to schedule the work.",
          button: "See the quote in my portal",
        };
  const bodyHtml = [
    paragraph(escapeHtml(t.greeting)),
    paragraph(escapeHtml(t.intro)),
    paragraph(escapeHtml(t.seal)),
    paragraph(escapeHtml(t.next)),
    buttonHtml(t.button, data.url),
  ].join("\n");
  const text = [t.greeting, "", t.intro, "", t.seal, "", t.next, "", `${t.button} : ${data.url}`, "", "--", footerText(locale, company), ""].join("\n");
  return {
    kind: "email",
    subject: t.subject,
    html: emailHtml({ company, locale, title: t.subject, heading: t.heading, bodyHtml }),
    text,
    attachments: [{ filename: data.fileName, content: data.pdfBase64, contentType: "application/pdf", encoding: "base64" }],
  };
}
