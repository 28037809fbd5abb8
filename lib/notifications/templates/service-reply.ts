import "server-only";
import type { Company } from "@/lib/settings/company";
import { escapeHtml, oneLine } from "./escape";
import { buttonHtml, emailHtml, footerText, paragraph } from "./layout";
import type { Locale, RenderedEmail } from "./types";

/**
 * "The service desk replied": a notice only. The reply itself stays behind sign-in, so the
 * excerpt is optional and short.
 */
export function serviceReplyEmail(
  locale: Locale,
  data: { firstName?: string; subject: string; excerpt?: string; url: string },
  company: Company,
): RenderedEmail {
  const subjectLine = oneLine(data.subject, 120);
  const name = data.firstName ? oneLine(data.firstName, 100) : undefined;
  const t =
    locale === "fr"
      ? {
          subject: `Nouvelle réponse à votre demande : ${subjectLine}`,
          heading: "Vous avez une nouvelle réponse",
          greeting: name ? `Bonjour ${name},` : "Bonjour,",
          intro: `Notre équipe a répondu à votre demande « ${subjectLine} ».`,
          button: "Lire la réponse",
          outro: `Pour lire la réponse et y répondre, connectez-vous à votre espace client ${company.name}.`,
        }
      : {
          subject: `New reply to your request: ${subjectLine}`,
          heading: "You have a new reply",
          greeting: name ? `Hello ${name},` : "Hello,",
          intro: `Our team replied to your request “${subjectLine}”.`,
          button: "Read the reply",
          outro: `To read the reply and answer it, sign in to your ${company.name} customer portal.`,
        };
  const excerpt = data.excerpt ? oneLine(data.excerpt, 300) : undefined;
  const bodyHtml = [
    paragraph(escapeHtml(t.greeting)),
    paragraph(escapeHtml(t.intro)),
    excerpt ? `<blockquote style="margin:0 0 16px 0;padding:8px 16px;border-left:4px solid #1e40af;color:#1f2937">${escapeHtml(excerpt)}</blockquote>` : "",
    buttonHtml(t.button, data.url),
    paragraph(escapeHtml(t.outro)),
  ]
    .filter(Boolean)
    .join("\n");
  const text = [t.greeting, "", t.intro, ...(excerpt ? ["", `> ${excerpt}`] : []), "", `${t.button} : ${data.url}`, "", t.outro, "", "--", footerText(locale, company), ""].join("\n");
  return { kind: "email", subject: t.subject, html: emailHtml({ company, locale, title: t.subject, heading: t.heading, bodyHtml }), text };
}
