import { createEvent } from "ics";
import type { Company } from "@/lib/settings/company";

/**
 * The appointment as an iCalendar file ("ajouter au calendrier", and the email attachment), with
 * the `ics` package. Times are written in UTC (no VTIMEZONE needed, so no DST mistakes); the UID
 * is the booking id and SEQUENCE grows with each change, so a calendar that imported the first file
 * replaces the event with the rescheduled or cancelled one.
 */
export interface AppointmentEvent {
  bookingId: string;
  sequence: number;
  service: string;
  start: string;
  end: string;
  address: string;
  technician?: string;
  cancelled?: boolean;
  url?: string;
  locale?: "fr" | "en";
  /** The contractor named in the event, from the settings in force; absent: the event names none. */
  company?: Pick<Company, "name" | "phone"> | null;
}

export function appointmentIcs(e: AppointmentEvent): string {
  const fr = (e.locale ?? "fr") === "fr";
  const c = e.company ?? null;
  const title = `${e.cancelled ? (fr ? "ANNULÉ — " : "CANCELLED — ") : ""}${e.service}${c ? ` — ${c.name}` : ""}`;
  const description = [
    c ? (fr ? `Intervention ${c.name} : ${e.service}.` : `${c.name} visit: ${e.service}.`) : fr ? `Intervention : ${e.service}.` : `Visit: ${e.service}.`,
    e.technician ? (fr ? `Technicien : ${e.technician}.` : `Technician: ${e.technician}.`) : "",
    fr ? `Adresse : ${e.address}.` : `Address: ${e.address}.`,
    e.url ? (fr ? `Gérer le rendez-vous : ${e.url}` : `Manage the appointment: ${e.url}`) : "",
    c ? (fr ? `Contact : ${c.phone.display}` : `Contact: ${c.phone.display}`) : "",
  ]
    .filter(Boolean)
    .join("\n");
  const { error, value } = createEvent({
    productId: "-//Duret Electricite//Espace client//FR",
    method: "PUBLISH",
    uid: `${e.bookingId}@duret-electricite.fr`,
    sequence: e.sequence,
    start: Date.parse(e.start),
    startInputType: "utc",
    startOutputType: "utc",
    end: Date.parse(e.end),
    endInputType: "utc",
    endOutputType: "utc",
    title,
    description,
    location: e.address,
    status: e.cancelled ? "CANCELLED" : "CONFIRMED",
    busyStatus: e.cancelled ? "FREE" : "BUSY",
    // The manage link stays in the description only: the `ics` package's URL check refuses valid
    // addresses (one-digit ports, some hosts), and a refused file would block the email.
    alarms: e.cancelled ? [] : [{ action: "display", description: title, trigger: { hours: 24, before: true } }],
  });
  if (error || !value) throw new Error(`ICS generation failed: ${error?.message ?? "empty"}`);
  return value;
}

export function icsFilename(start: string): string {
  return `rendez-vous-duret-${start.slice(0, 10)}.ics`;
}
