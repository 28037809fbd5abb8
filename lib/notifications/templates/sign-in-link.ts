import "server-only";
import type { Company } from "@/lib/settings/company";
import { escapeHtml } from "./escape";
import { buttonHtml, emailHtml, footerText, paragraph } from "./layout";
import type { Locale, RenderedEmail } from "./types";

export function signInLinkEmail(locale: Locale, data: { url: string; expiresInMinutes: number }, company: Company): RenderedEmail {
  const minutes = data.expiresInMinutes;
  const t =
    locale === "fr"
      ? {
          subject: `Votre lien de connexion à l'espace client ${company.name}`,
          heading: "Connexion à votre espace client",
          intro: "Vous avez demandé à vous connecter à votre espace client. Utilisez le lien ci-dessous :",
          button: "Me connecter",
          copy: "Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :",
          validity: `Ce lien est valable ${minutes} minutes et ne peut servir qu'une seule fois.`,
          ignore: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre compte reste protégé.",
        }
      : {
          subject: `Your sign-in link to the ${company.name} customer portal`,
          heading: "Sign in to your customer portal",
          intro: "You asked to sign in to your customer portal. Use the link below:",
          button: "Sign me in",
          copy: "If the button does not work, copy this address into your browser:",
          validity: `This link is valid for ${minutes} minutes and can be used only once.`,
          ignore: "If you did not ask for this, ignore this message: your account stays protected.",
        };
  const bodyHtml = [
    paragraph(escapeHtml(t.intro)),
    buttonHtml(t.button, data.url),
    paragraph(`${escapeHtml(t.copy)}<br><span style="word-break:break-all">${escapeHtml(data.url)}</span>`),
    paragraph(`<strong>${escapeHtml(t.validity)}</strong>`),
    paragraph(escapeHtml(t.ignore)),
  ].join("\n");
  const text = [t.heading, "", t.intro, "", data.url, "", t.validity, "", t.ignore, "", "--", footerText(locale, company), ""].join("\n");
  return { kind: "email", subject: t.subject, html: emailHtml({ company, locale, title: t.subject, heading: t.heading, bodyHtml }), text };
}
