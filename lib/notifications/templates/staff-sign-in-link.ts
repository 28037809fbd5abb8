import "server-only";
import type { Company } from "@/lib/settings/company";
import { escapeHtml } from "./escape";
import { buttonHtml, emailHtml, footerText, paragraph } from "./layout";
import type { Locale, RenderedEmail } from "./types";

/**
 * The staff console's sign-in link (first factor; the authenticator's code comes next). `company`
 * null: the identity is not entered yet — the staff must still be able to sign in to enter it.
 */
export function staffSignInLinkEmail(locale: Locale, data: { url: string; expiresInMinutes: number }, company: Company | null): RenderedEmail {
  const minutes = data.expiresInMinutes;
  const t =
    locale === "fr"
      ? {
          subject: company ? `Connexion à la console ${company.name}` : "Connexion à la console",
          heading: "Connexion à la console",
          intro: "Vous avez demandé à vous connecter à la console de l'équipe. Ouvrez le lien ci-dessous, puis saisissez le code de votre application d'authentification :",
          button: "Ouvrir la console",
          copy: "Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :",
          validity: `Ce lien est valable ${minutes} minutes et ne peut servir qu'une seule fois.`,
          ignore: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message et prévenez l'administrateur de la console.",
        }
      : {
          subject: company ? `Sign in to the ${company.name} console` : "Sign in to the console",
          heading: "Sign in to the console",
          intro: "You asked to sign in to the team console. Open the link below, then type the code from your authenticator app:",
          button: "Open the console",
          copy: "If the button does not work, copy this address into your browser:",
          validity: `This link is valid for ${minutes} minutes and can be used only once.`,
          ignore: "If you did not ask for this, ignore this message and tell the console's administrator.",
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
