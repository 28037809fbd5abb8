import "server-only";
import type { Company } from "@/lib/settings/company";
import { ERASED_AFTER_ERASURE, KEPT_AFTER_ERASURE } from "@/lib/model/retention";
import { escapeHtml, toGsm7 } from "./escape";
import { buttonHtml, emailHtml, footerText, paragraph } from "./layout";
import type { Locale, RenderedEmail, RenderedSms } from "./types";

/** Account messages (issue 7): codes for a new email/phone or an erasure, export ready, erasure done. */

type CodePurpose = "email-change" | "phone-change" | "erasure";

function codePurposeText(locale: Locale, purpose: CodePurpose): string {
  if (locale === "fr") {
    if (purpose === "email-change") return "pour confirmer votre nouvelle adresse e-mail";
    if (purpose === "phone-change") return "pour confirmer votre nouveau numéro";
    return "pour confirmer la suppression de votre compte";
  }
  if (purpose === "email-change") return "to confirm your new email address";
  if (purpose === "phone-change") return "to confirm your new phone number";
  return "to confirm the deletion of your account";
}

export function accountCodeEmail(locale: Locale, data: { code: string; expiresInMinutes: number; purpose: CodePurpose }, company: Company): RenderedEmail {
  const purpose = codePurposeText(locale, data.purpose);
  const t =
    locale === "fr"
      ? {
          subject: `Votre code ${company.name} : ${data.code}`,
          heading: "Votre code de confirmation",
          intro: `Voici le code à saisir dans votre espace client ${purpose} :`,
          validity: `Il est valable ${data.expiresInMinutes} minutes et ne sert qu'une fois.`,
          ignore: "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne sera modifié.",
        }
      : {
          subject: `Your ${company.name} code: ${data.code}`,
          heading: "Your confirmation code",
          intro: `Here is the code to enter in your customer portal ${purpose}:`,
          validity: `It is valid for ${data.expiresInMinutes} minutes and works only once.`,
          ignore: "If you did not ask for this, ignore this message: nothing will change.",
        };
  const bodyHtml = [
    paragraph(escapeHtml(t.intro)),
    `<p style="margin:0 0 16px 0;font-size:28px;font-weight:bold;letter-spacing:6px">${escapeHtml(data.code)}</p>`,
    paragraph(`<strong>${escapeHtml(t.validity)}</strong>`),
    paragraph(escapeHtml(t.ignore)),
  ].join("\n");
  const text = [t.heading, "", t.intro, "", data.code, "", t.validity, "", t.ignore, "", "--", footerText(locale, company), ""].join("\n");
  return { kind: "email", subject: t.subject, html: emailHtml({ company, locale, title: t.subject, heading: t.heading, bodyHtml }), text };
}

export function accountCodeSms(locale: Locale, data: { code: string; expiresInMinutes: number; purpose: CodePurpose }, company: Company): RenderedSms {
  const body =
    locale === "fr"
      ? `${company.name} : code ${data.code} ${codePurposeText(locale, data.purpose)}. Valable ${data.expiresInMinutes} min.`
      : `${company.name}: code ${data.code} ${codePurposeText(locale, data.purpose)}. Valid ${data.expiresInMinutes} min.`;
  return { kind: "sms", body: toGsm7(body) };
}

export function exportReadyEmail(locale: Locale, data: { url: string; availableDays: number }, company: Company): RenderedEmail {
  const t =
    locale === "fr"
      ? {
          subject: `Vos données ${company.name} sont prêtes`,
          heading: "Votre export de données est prêt",
          intro: "Vous avez demandé une copie de vos données. L'archive (fichier ZIP) est prête dans votre espace client, rubrique Compte.",
          button: "Télécharger mes données",
          validity: `Elle y reste disponible ${data.availableDays} jours. Le téléchargement demande d'être connecté(e).`,
        }
      : {
          subject: `Your ${company.name} data is ready`,
          heading: "Your data export is ready",
          intro: "You asked for a copy of your data. The archive (ZIP file) is ready in your customer portal, under Account.",
          button: "Download my data",
          validity: `It stays available for ${data.availableDays} days. You need to be signed in to download it.`,
        };
  const bodyHtml = [paragraph(escapeHtml(t.intro)), buttonHtml(t.button, data.url), paragraph(escapeHtml(t.validity))].join("\n");
  const text = [t.heading, "", t.intro, "", `${t.button} : ${data.url}`, "", t.validity, "", "--", footerText(locale, company), ""].join("\n");
  return { kind: "email", subject: t.subject, html: emailHtml({ company, locale, title: t.subject, heading: t.heading, bodyHtml }), text };
}

export function erasureConfirmedEmail(locale: Locale, company: Company): RenderedEmail {
  const kept = KEPT_AFTER_ERASURE[locale];
  const erased = ERASED_AFTER_ERASURE[locale];
  const t =
    locale === "fr"
      ? {
          subject: `Votre compte ${company.name} a été supprimé`,
          heading: "Votre compte a été supprimé",
          intro: "Comme vous l'avez demandé, nous avons supprimé vos données personnelles :",
          keptIntro: "La loi nous oblige à conserver quelques éléments, avec un accès restreint :",
          contact: `Pour toute question : ${company.email}, ${company.phone.display}. C'est le dernier message que vous recevrez de notre part à cette adresse.`,
        }
      : {
          subject: `Your ${company.name} account has been deleted`,
          heading: "Your account has been deleted",
          intro: "As you asked, we deleted your personal data:",
          keptIntro: "The law requires us to keep a few items, with restricted access:",
          contact: `Any question: ${company.email}, ${company.phone.display}. This is the last message you will receive from us at this address.`,
        };
  const list = (items: string[]) => `<ul style="margin:0 0 16px 0;padding-left:20px">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
  const keptLines = kept.map((k) => `${k.what} — ${k.why} ${k.howLong}`);
  const bodyHtml = [paragraph(escapeHtml(t.intro)), list(erased), paragraph(escapeHtml(t.keptIntro)), list(keptLines), paragraph(escapeHtml(t.contact))].join("\n");
  const text = [t.heading, "", t.intro, ...erased.map((e) => `- ${e}`), "", t.keptIntro, ...keptLines.map((k) => `- ${k}`), "", t.contact, "", "--", footerText(locale, company), ""].join("\n");
  return { kind: "email", subject: t.subject, html: emailHtml({ company, locale, title: t.subject, heading: t.heading, bodyHtml }), text };
}

export function erasureConfirmedSms(locale: Locale, company: Company): RenderedSms {
  const body =
    locale === "fr"
      ? `${company.name} : votre compte a ete supprime. Factures et devis signes sont conserves 10 ans (obligation legale), acces restreint. Questions : ${company.phone.display}`
      : `${company.name}: your account was deleted. Invoices and signed quotes are kept 10 years (legal duty), restricted access. Questions: ${company.phone.display}`;
  return { kind: "sms", body: toGsm7(body) };
}
