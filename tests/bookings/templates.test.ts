import { describe, expect, it } from "vitest";
import { appointmentIcs } from "@/lib/notifications/ics";
import { notificationInputSchema } from "@/lib/notifications/inputs";
import { renderNotification } from "@/lib/notifications/templates";
import { TEST_COMPANY as COMPANY } from "../support/company";

/** Booking emails (with the .ics) and SMS: Paris times, escaping, both languages, the manage link. */
const data = {
  event: "confirmed" as const,
  bookingId: "7c323aa6-c1ef-4428-bd9f-932ae59e6a99",
  sequence: 0,
  firstName: "Camille <b>",
  service: "Dépannage électrique",
  // Sunday 29 March 2026, the spring change: 10:00 in Paris is 08:00 UTC.
  start: "2026-03-29T08:00:00.000Z",
  end: "2026-03-29T09:30:00.000Z",
  technician: "Julien",
  address: "12 rue Royale, 69001 Lyon",
  url: "https://espace.duret-electricite.fr/rdv/abc.def.ghi",
};

function email(locale: "fr" | "en", over: Partial<Omit<typeof data, "event">> & { event?: "confirmed" | "rescheduled" | "cancelled"; changeLimitHours?: number } = {}) {
  const n = notificationInputSchema.parse({ kind: "email", template: "booking", to: "camille.martin@example.fr", locale, data: { ...data, ...over }, sensitive: true });
  const r = renderNotification(n, COMPANY);
  if (r.kind !== "email") throw new Error("email expected");
  return r;
}

describe("booking email", () => {
  it("says the Paris time across the DST change, escapes names, links to manage, attaches the .ics", () => {
    const r = email("fr");
    expect(r.subject).toBe("Votre rendez-vous est confirmé : Dépannage électrique");
    expect(r.text).toContain("dimanche 29 mars 2026, de 10:00 à 11:30");
    expect(r.text).toContain(`Déplacer ou annuler : ${data.url}`);
    expect(r.html).toContain("Camille &lt;b&gt;");
    expect(r.html).not.toContain("Camille <b>");
    const ics = r.attachments?.[0];
    expect(ics?.filename).toBe("rendez-vous-duret-2026-03-29.ics");
    expect(ics?.contentType).toContain("text/calendar");
    expect(ics?.content).toContain("DTSTART:20260329T080000Z");
    expect(ics?.content).toContain("DTEND:20260329T093000Z");
    expect(ics?.content).toContain("STATUS:CONFIRMED");
  });

  it("cancelled: no manage button, a cancelled event with a higher sequence; English too", () => {
    const r = email("fr", { event: "cancelled", sequence: 2 });
    expect(r.subject).toBe("Votre rendez-vous est annulé : Dépannage électrique");
    expect(r.text).not.toContain("Déplacer ou annuler");
    expect(r.attachments?.[0]?.content).toContain("STATUS:CANCELLED");
    expect(r.attachments?.[0]?.content).toContain("SEQUENCE:2");
    const en = email("en", { event: "rescheduled" });
    expect(en.subject).toBe("Your appointment has been moved: Dépannage électrique");
    expect(en.text).toContain("on Sunday, 29 March 2026, from 10:00 to 11:30.");
    expect(en.text).toContain(`Reschedule or cancel: ${data.url}`);
    expect(email("fr", { changeLimitHours: 48 }).text).toContain("jusqu'à 48 heures avant");
  });

  it("an ICS for any valid address and link", () => {
    const ics = appointmentIcs({ bookingId: "b", sequence: 0, service: "Diagnostic", start: "2026-10-25T09:00:00.000Z", end: "2026-10-25T11:00:00.000Z", address: "1 rue X, 69001 Lyon", url: "http://127.0.0.1:1/rdv/x" });
    // 25 October 2026 (autumn change): written in UTC, so no time-zone ambiguity.
    expect(ics).toContain("DTSTART:20261025T090000Z");
  });
});

describe("booking SMS", () => {
  const sms = (event: "confirmed" | "rescheduled" | "cancelled" | "reminder") => {
    const n = notificationInputSchema.parse({ kind: "sms", template: "booking-sms", to: "+33612345678", locale: "fr", data: { ...data, event }, sensitive: true });
    const r = renderNotification(n, COMPANY);
    if (r.kind !== "sms") throw new Error("sms expected");
    return r.body;
  };
  it("confirmation, reminder with the link; cancellation without", () => {
    expect(sms("confirmed")).toBe(`Duret Électricité : RDV confirmé dim. 29 mars, 10:00 (Dépannage électrique). Gérer : ${data.url}`);
    expect(sms("reminder")).toContain("Rappel : intervention demain");
    expect(sms("reminder")).toContain(data.url);
    expect(sms("cancelled")).not.toContain("http");
  });
  it("refuses a booking notification without a valid time or with a foreign link scheme", () => {
    expect(notificationInputSchema.safeParse({ kind: "sms", template: "booking-sms", to: "+33612345678", locale: "fr", data: { ...data, event: "reminder", start: "demain" }, sensitive: true }).success).toBe(false);
    expect(notificationInputSchema.safeParse({ kind: "email", template: "booking", to: "a@b.fr", locale: "fr", data: { ...data, url: "javascript:alert(1)" }, sensitive: true }).success).toBe(false);
  });
});

describe("booking unavailable (taken during an outage)", () => {
  const unavailable = {
    firstName: "Camille <b>",
    service: "Dépannage électrique",
    start: "2026-11-25T07:00:00.000Z",
    end: "2026-11-25T08:30:00.000Z",
    alternatives: [
      { start: "2026-11-25T09:00:00.000Z", end: "2026-11-25T10:30:00.000Z" },
      { start: "2026-11-26T07:00:00.000Z", end: "2026-11-26T08:30:00.000Z" },
    ],
    url: "https://espace.duret-electricite.fr/rendez-vous/7c323aa6-c1ef-4428-bd9f-932ae59e6a99",
  };

  it("email: says nothing is booked, lists the nearest free times in Paris time, escapes, links to pick one", () => {
    const r = renderNotification(notificationInputSchema.parse({ kind: "email", template: "booking-unavailable", to: "camille.martin@example.fr", locale: "fr", data: unavailable, sensitive: true }), COMPANY);
    if (r.kind !== "email") throw new Error("email expected");
    expect(r.subject).toBe("Ce créneau n'est plus disponible : Dépannage électrique");
    expect(r.text).toContain("Aucun rendez-vous n'est réservé.");
    expect(r.text).toContain("de 08:00 à 09:30"); // the lost time, Paris
    expect(r.text).toContain("- le mercredi 25 novembre 2026, de 10:00 à 11:30");
    expect(r.text).toContain(unavailable.url);
    expect(r.html).toContain("Camille &lt;b&gt;");
    expect(r.html).not.toContain("Camille <b>");
  });

  it("SMS: the first free time and the link, GSM-7, in English too", () => {
    const fr = renderNotification(notificationInputSchema.parse({ kind: "sms", template: "booking-unavailable-sms", to: "+33612345678", locale: "fr", data: unavailable, sensitive: true }), COMPANY);
    const en = renderNotification(notificationInputSchema.parse({ kind: "sms", template: "booking-unavailable-sms", to: "+33612345678", locale: "en", data: unavailable, sensitive: true }), COMPANY);
    if (fr.kind !== "sms" || en.kind !== "sms") throw new Error("sms expected");
    expect(fr.body).toContain("le créneau du mer. 25 nov., 08:00 (Dépannage électrique) n'est plus libre, rien n'est réservé. Prochain créneau libre : mer. 25 nov., 10:00.");
    expect(fr.body).toContain(unavailable.url);
    expect(en.body).toContain("is no longer free, nothing is booked");
  });

  it("refuses more than three alternatives or a link that is not http(s)", () => {
    const base = { kind: "email", template: "booking-unavailable", to: "camille.martin@example.fr", locale: "fr", sensitive: true };
    expect(notificationInputSchema.safeParse({ ...base, data: { ...unavailable, alternatives: [...unavailable.alternatives, ...unavailable.alternatives] } }).success).toBe(false);
    expect(notificationInputSchema.safeParse({ ...base, data: { ...unavailable, url: "javascript:alert(1)" } }).success).toBe(false);
  });
});
