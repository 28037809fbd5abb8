import "server-only";
import { appointmentIcs, icsFilename } from "@/lib/notifications/ics";
import type { Company } from "@/lib/settings/company";
import { escapeHtml, oneLine, toGsm7 } from "./escape";
import { buttonHtml, emailHtml, footerText, paragraph } from "./layout";
import type { Locale, RenderedEmail, RenderedSms } from "./types";

/**
 * Booking confirmed / rescheduled / cancelled (email with the ICS file, and SMS), and the reminder
 * SMS the day before. Times are written in Europe/Paris whatever the server's zone. `url` is the
 * signed link to manage the appointment without signing in.
 */
export interface BookingNotificationData {
  event: "confirmed" | "rescheduled" | "cancelled";
  bookingId: string;
  sequence: number;
  firstName?: string;
  service: string;
  start: string;
  end: string;
  technician?: string;
  address: string;
  url?: string;
  /** Reschedule / cancel online until this many hours before the start. */
  changeLimitHours?: number;
}

function when(locale: Locale, start: string, end: string): string {
  const tag = locale === "fr" ? "fr-FR" : "en-GB";
  const day = new Intl.DateTimeFormat(tag, { timeZone: "Europe/Paris", weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(start));
  const time = new Intl.DateTimeFormat(tag, { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" });
  return locale === "fr"
    ? `le ${day}, de ${time.format(new Date(start))} à ${time.format(new Date(end))}`
    : `on ${day}, from ${time.format(new Date(start))} to ${time.format(new Date(end))}`;
}

function shortWhen(locale: Locale, start: string): string {
  const tag = locale === "fr" ? "fr-FR" : "en-GB";
  return new Intl.DateTimeFormat(tag, { timeZone: "Europe/Paris", weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })
    .format(new Date(start))
    .replace(/\u202f/g, " ");
}

export function bookingEmail(locale: Locale, data: BookingNotificationData, company: Company): RenderedEmail {
  const service = oneLine(data.service, 120);
  const address = oneLine(data.address, 300);
  const name = data.firstName ? oneLine(data.firstName, 100) : undefined;
  const at = when(locale, data.start, data.end);
  const fr = locale === "fr";
  const limit = data.changeLimitHours ?? 24;
  const heading = {
    confirmed: fr ? "Votre rendez-vous est confirmé" : "Your appointment is confirmed",
    rescheduled: fr ? "Votre rendez-vous a été déplacé" : "Your appointment has been moved",
    cancelled: fr ? "Votre rendez-vous est annulé" : "Your appointment is cancelled",
  }[data.event];
  const subject = fr ? `${heading} : ${service}` : `${heading}: ${service}`;
  const intro = {
    confirmed: fr ? `Nous avons bien réservé votre intervention « ${service} » ${at}.` : `We have booked your “${service}” visit ${at}.`,
    rescheduled: fr ? `Votre intervention « ${service} » aura lieu ${at}.` : `Your “${service}” visit will now take place ${at}.`,
    cancelled: fr ? `Votre intervention « ${service} » prévue ${at} est annulée.` : `Your “${service}” visit planned ${at} is cancelled.`,
  }[data.event];
  const details = [
    data.technician && data.event !== "cancelled" ? (fr ? `Technicien : ${oneLine(data.technician, 120)}` : `Technician: ${oneLine(data.technician, 120)}`) : null,
    fr ? `Adresse : ${address}` : `Address: ${address}`,
  ].filter((l): l is string => l !== null);
  const manage = data.event === "cancelled" ? null : fr ? "Déplacer ou annuler" : "Reschedule or cancel";
  const limitNote =
    data.event === "cancelled"
      ? fr
        ? `Pour un nouveau rendez-vous, réservez depuis votre espace client ou appelez-nous au ${company.phone.display}.`
        : `To book again, use your customer portal or call us on ${company.phone.display}.`
      : fr
        ? `Vous pouvez déplacer ou annuler ce rendez-vous jusqu'à ${limit} heures avant son début. Le fichier joint l'ajoute à votre agenda.`
        : `You can reschedule or cancel this appointment up to ${limit} hours before it starts. The attached file adds it to your calendar.`;
  const greeting = name ? (fr ? `Bonjour ${name},` : `Hello ${name},`) : fr ? "Bonjour," : "Hello,";
  const bodyHtml = [
    paragraph(escapeHtml(greeting)),
    paragraph(escapeHtml(intro)),
    `<ul style="margin:0 0 16px 0;padding-left:20px">${details.map((d) => `<li>${escapeHtml(d)}</li>`).join("")}</ul>`,
    manage && data.url ? buttonHtml(manage, data.url) : "",
    paragraph(escapeHtml(limitNote)),
  ]
    .filter(Boolean)
    .join("\n");
  const text = [
    greeting,
    "",
    intro,
    "",
    ...details.map((d) => `- ${d}`),
    ...(manage && data.url ? ["", `${manage}${fr ? " : " : ": "}${data.url}`] : []),
    "",
    limitNote,
    "",
    "--",
    footerText(locale, company),
    "",
  ].join("\n");
  const ics = appointmentIcs({
    bookingId: data.bookingId,
    sequence: data.sequence,
    service,
    start: data.start,
    end: data.end,
    address,
    technician: data.technician,
    cancelled: data.event === "cancelled",
    url: data.url,
    locale,
    company,
  });
  return {
    kind: "email",
    subject,
    html: emailHtml({ company, locale, title: subject, heading, bodyHtml }),
    text,
    attachments: [{ filename: icsFilename(data.start), content: ics, contentType: "text/calendar; charset=utf-8; method=PUBLISH" }],
  };
}

export function bookingSms(locale: Locale, data: Omit<BookingNotificationData, "event"> & { event: BookingNotificationData["event"] | "reminder" }, company: Company): RenderedSms {
  const fr = locale === "fr";
  const at = shortWhen(locale, data.start);
  const service = oneLine(data.service, 60);
  const link = data.url ? ` ${fr ? "Gérer" : "Manage"} : ${data.url}` : "";
  const body = {
    confirmed: fr ? `RDV confirmé ${at} (${service}).${link}` : `Appointment confirmed ${at} (${service}).${link}`,
    rescheduled: fr ? `RDV déplacé au ${at} (${service}).${link}` : `Appointment moved to ${at} (${service}).${link}`,
    cancelled: fr ? `RDV du ${at} annulé (${service}).` : `Appointment of ${at} cancelled (${service}).`,
    reminder: fr ? `Rappel : intervention demain, ${at} (${service}).${link}` : `Reminder: visit tomorrow, ${at} (${service}).${link}`,
  }[data.event];
  return { kind: "sms", body: toGsm7(`${company.name} : ${body}`) };
}

/**
 * A booking taken while HubSpot could not be read (« en attente de confirmation ») whose time
 * turned out to be taken in HubSpot meanwhile: the nearest free times and the link to pick one.
 */
export interface BookingUnavailableData {
  firstName?: string;
  service: string;
  /** The time that was asked for. */
  start: string;
  end: string;
  /** The nearest free times (up to 3), for the same service and address. */
  alternatives: { start: string; end: string }[];
  /** The portal page that offers them. */
  url: string;
}

export function bookingUnavailableEmail(locale: Locale, data: BookingUnavailableData, company: Company): RenderedEmail {
  const fr = locale === "fr";
  const service = oneLine(data.service, 120);
  const name = data.firstName ? oneLine(data.firstName, 100) : undefined;
  const heading = fr ? "Ce créneau n'est plus disponible" : "This time is no longer available";
  const subject = fr ? `${heading} : ${service}` : `${heading}: ${service}`;
  const greeting = name ? (fr ? `Bonjour ${name},` : `Hello ${name},`) : fr ? "Bonjour," : "Hello,";
  const intro = fr
    ? `Votre demande d'intervention « ${service} » ${when(locale, data.start, data.end)} n'a pas pu être confirmée : ce créneau a été pris entre-temps. Aucun rendez-vous n'est réservé.`
    : `Your “${service}” request ${when(locale, data.start, data.end)} could not be confirmed: the time was taken meanwhile. No appointment is booked.`;
  const offer = data.alternatives.length
    ? fr
      ? "Les créneaux libres les plus proches :"
      : "The nearest free times:"
    : fr
      ? `Choisissez un autre créneau dans votre espace client, ou appelez-nous au ${company.phone.display}.`
      : `Pick another time in your customer portal, or call us on ${company.phone.display}.`;
  const times = data.alternatives.map((a) => when(locale, a.start, a.end));
  const action = fr ? "Choisir un créneau" : "Pick a time";
  const bodyHtml = [
    paragraph(escapeHtml(greeting)),
    paragraph(escapeHtml(intro)),
    paragraph(escapeHtml(offer)),
    times.length ? `<ul style="margin:0 0 16px 0;padding-left:20px">${times.map((d) => `<li>${escapeHtml(d)}</li>`).join("")}</ul>` : "",
    buttonHtml(action, data.url),
  ]
    .filter(Boolean)
    .join("\n");
  const text = [greeting, "", intro, "", offer, ...times.map((d) => `- ${d}`), "", `${action}${fr ? " : " : ": "}${data.url}`, "", "--", footerText(locale, company), ""].join("\n");
  return { kind: "email", subject, html: emailHtml({ company, locale, title: subject, heading, bodyHtml }), text };
}

export function bookingUnavailableSms(locale: Locale, data: BookingUnavailableData, company: Company): RenderedSms {
  const fr = locale === "fr";
  const at = shortWhen(locale, data.start);
  const service = oneLine(data.service, 60);
  const next = data.alternatives[0] ? (fr ? ` Prochain créneau libre : ${shortWhen(locale, data.alternatives[0].start)}.` : ` Next free time: ${shortWhen(locale, data.alternatives[0].start)}.`) : "";
  const body = fr
    ? `le créneau du ${at} (${service}) n'est plus libre, rien n'est réservé.${next} Choisir : ${data.url}`
    : `the time ${at} (${service}) is no longer free, nothing is booked.${next} Pick one: ${data.url}`;
  return { kind: "sms", body: toGsm7(`${company.name} : ${body}`) };
}
