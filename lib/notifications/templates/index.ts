import "server-only";
import type { ValidNotification } from "@/lib/notifications/inputs";
import type { Company } from "@/lib/settings/company";
import { accountCodeEmail, accountCodeSms, erasureConfirmedEmail, erasureConfirmedSms, exportReadyEmail } from "./account";
import { bookingEmail, bookingSms, bookingUnavailableEmail, bookingUnavailableSms } from "./booking";
import { quoteSignCodeEmail, quoteSignCodeSms, quoteSignedEmail } from "./quote-signature";
import { serviceReplyEmail } from "./service-reply";
import { signInLinkEmail } from "./sign-in-link";
import { staffSignInLinkEmail } from "./staff-sign-in-link";
import { noticeSms, signInCodeSms } from "./sms";
import { surveyInvitationEmail, surveyInvitationSms } from "./survey";
import type { RenderedNotification } from "./types";

export type { Locale, RenderedEmail, RenderedNotification, RenderedSms } from "./types";

/** A customer message cannot be rendered before the company identity is entered in the console. */
export class MissingCompanyError extends Error {
  constructor() {
    super("Identité de l'entreprise non renseignée : console → Réglages → Entreprise");
    this.name = "MissingCompanyError";
  }
}

/**
 * Renders a validated notification with the company identity in force when it is rendered (the
 * console's settings, read by the caller: the outbox at delivery time). Adding a template: its
 * schema in enqueue.ts, then a case here.
 */
export function renderNotification(n: ValidNotification, company: Company | null): RenderedNotification {
  if (n.template === "staff-sign-in-link") return staffSignInLinkEmail(n.locale, n.data, company);
  // Every message to a customer carries the company's identity: none entered, none rendered.
  if (!company) throw new MissingCompanyError();
  switch (n.template) {
    case "sign-in-link":
      return signInLinkEmail(n.locale, n.data, company);
    case "sign-in-code":
      return signInCodeSms(n.locale, n.data, company);
    case "service-reply":
      return serviceReplyEmail(n.locale, n.data, company);
    case "notice":
      return noticeSms(n.locale, n.data, company);
    case "survey-invitation":
      return surveyInvitationEmail(n.locale, n.data, company);
    case "survey-invitation-sms":
      return surveyInvitationSms(n.locale, n.data, company);
    case "account-code":
      return accountCodeEmail(n.locale, n.data, company);
    case "account-code-sms":
      return accountCodeSms(n.locale, n.data, company);
    case "export-ready":
      return exportReadyEmail(n.locale, n.data, company);
    case "erasure-confirmed":
      return erasureConfirmedEmail(n.locale, company);
    case "erasure-confirmed-sms":
      return erasureConfirmedSms(n.locale, company);
    case "booking":
      return bookingEmail(n.locale, n.data, company);
    case "booking-sms":
      return bookingSms(n.locale, n.data, company);
    case "booking-unavailable":
      return bookingUnavailableEmail(n.locale, n.data, company);
    case "booking-unavailable-sms":
      return bookingUnavailableSms(n.locale, n.data, company);
    case "quote-sign-code":
      return quoteSignCodeSms(n.locale, n.data, company);
    case "quote-sign-code-email":
      return quoteSignCodeEmail(n.locale, n.data, company);
    case "quote-signed":
      return quoteSignedEmail(n.locale, n.data, company);
  }
}
