import "server-only";
import type { Company } from "@/lib/settings/company";
import { escapeHtml, oneLine, toGsm7 } from "./escape";
import { buttonHtml, emailHtml, footerText, paragraph } from "./layout";
import type { Locale, RenderedEmail, RenderedSms } from "./types";

/** The satisfaction survey invitation (issue 6): a personal link, valid 30 days, no sign-in. */
export function surveyInvitationEmail(locale: Locale, data: { firstName?: string; subject: string; url: string }, company: Company): RenderedEmail {
  const subjectLine = oneLine(data.subject, 120);
  const name = data.firstName ? oneLine(data.firstName, 100) : undefined;
  const t =
    locale === "fr"
      ? {
          subject: `Votre avis sur notre intervention : ${subjectLine}`,
          heading: "Comment s'est passée notre intervention ?",
          greeting: name ? `Bonjour ${name},` : "Bonjour,",
          intro: `Notre intervention « ${subjectLine} » est terminée. Pouvez-vous nous dire en une minute comment elle s'est passée ?`,
          button: "Donner mon avis",
          outro: "Ce lien personnel est valable 30 jours et ne sert qu'une fois. Vous n'avez pas besoin de vous connecter.",
        }
      : {
          subject: `Your feedback on our visit: ${subjectLine}`,
          heading: "How did our visit go?",
          greeting: name ? `Hello ${name},` : "Hello,",
          intro: `Our visit “${subjectLine}” is complete. Could you tell us in one minute how it went?`,
          button: "Give my feedback",
          outro: "This personal link is valid for 30 days and works once. No sign-in needed.",
        };
  const bodyHtml = [paragraph(escapeHtml(t.greeting)), paragraph(escapeHtml(t.intro)), buttonHtml(t.button, data.url), paragraph(escapeHtml(t.outro))].join("\n");
  const text = [t.greeting, "", t.intro, "", `${t.button} : ${data.url}`, "", t.outro, "", "--", footerText(locale, company), ""].join("\n");
  return { kind: "email", subject: t.subject, html: emailHtml({ company, locale, title: t.subject, heading: t.heading, bodyHtml }), text };
}

export function surveyInvitationSms(locale: Locale, data: { url: string }, company: Company): RenderedSms {
  const body =
    locale === "fr"
      ? `${company.name} : intervention terminée. Votre avis en 1 minute : ${data.url}`
      : `${company.name}: visit complete. Your feedback in 1 minute: ${data.url}`;
  return { kind: "sms", body: toGsm7(body) };
}
