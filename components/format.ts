/**
 * French formatting for the UI: fr-FR, Europe/Paris, euros. Pure functions (server and client).
 * Instants are ISO strings in UTC; calendar dates are "YYYY-MM-DD" and must not shift by a day
 * whatever the server's time zone, hence the UTC formatting for them.
 */
const TIME_ZONE = "Europe/Paris";

const euroFormatters = new Map<string, Intl.NumberFormat>();
export function formatMoney(amount: number | null | undefined, currency = "EUR"): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return "—";
  let f = euroFormatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat("fr-FR", { style: "currency", currency });
    euroFormatters.set(currency, f);
  }
  return f.format(amount);
}

const calendarDate = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
/** "2026-11-24" → "24 novembre 2026". */
export function formatCalendarDate(date: string | null | undefined): string {
  if (!date) return "—";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return "—";
  return calendarDate.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

const dateTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "full", timeStyle: "short", timeZone: TIME_ZONE });
const shortDateTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE });
const timeOnly = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: TIME_ZONE });
const dayKey = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: TIME_ZONE });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "2026-11-24T08:30:00Z" → "mardi 24 novembre 2026 à 09:30" (Paris time). */
export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateTime.format(d) : "—";
}

/** "24 nov. 2026, 09:30" (Paris time), for lists. */
export function formatShortDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? shortDateTime.format(d) : "—";
}

/** "mardi 24 novembre 2026 à 09:30 – 11:00", or with both dates when the range spans days. */
export function formatTimeRange(start: string | null | undefined, end: string | null | undefined): string {
  const s = parse(start);
  const e = parse(end);
  if (!s) return "—";
  if (!e) return dateTime.format(s);
  if (dayKey.format(s) === dayKey.format(e)) return `${dateTime.format(s)} – ${timeOnly.format(e)}`;
  return `${dateTime.format(s)} – ${dateTime.format(e)}`;
}

/** Machine-readable value for <time dateTime>. */
export function isoOrUndefined(value: string | null | undefined): string | undefined {
  return value ?? undefined;
}
