import { INTL_LOCALE, TIME_ZONE, type Locale } from "./config";

/**
 * Formatting for the UI: fr-FR or en-GB as the locale says, always Europe/Paris, euros by default.
 * Pure (server and client). Instants are ISO strings in UTC; calendar dates are "YYYY-MM-DD" and
 * must not shift by a day whatever the server's time zone, hence the UTC formatting for them.
 */
export interface Format {
  locale: Locale;
  /** 1 234,50 € · €1,234.50 */
  money(amount: number | null | undefined, currency?: string): string;
  /** "2026-11-24" → 24 novembre 2026 · 24 November 2026 */
  calendarDate(date: string | null | undefined): string;
  /** mardi 24 novembre 2026 à 9 h 30 · Tuesday 24 November 2026 at 09:30 (Paris time) */
  dateTime(iso: string | null | undefined): string;
  /** 24 nov. 2026, 9 h 30 · 24 Nov 2026, 09:30 */
  shortDateTime(iso: string | null | undefined): string;
  /** 9 h 30 · 09:30 */
  time(iso: string | null | undefined): string;
  /** 7 déc. à 14 h 05 · 7 Dec at 14:05 (the age of data shown during an outage) */
  dayTime(iso: string | null | undefined): string;
  /** 850 Ko · 1,2 Mo · 850 KB · 1.2 MB: a file's size (a non-empty file is at least 1 Ko), never split across lines. */
  fileSize(bytes: number | null | undefined): string;
  /** mardi 24 novembre 2026 à 9 h 30 – 11 h 00, or both dates when the range spans days. */
  timeRange(start: string | null | undefined, end: string | null | undefined): string;
}

const NONE = "—";

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const dayKey = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone: TIME_ZONE });

/** The calendar day in Paris ("YYYY-MM-DD") of an instant. */
export function parisDay(instant: Date): string {
  return dayKey.format(instant);
}

function build(locale: Locale): Format {
  const tag = INTL_LOCALE[locale];
  const money = new Map<string, Intl.NumberFormat>();
  const calendar = new Intl.DateTimeFormat(tag, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const full = new Intl.DateTimeFormat(tag, { dateStyle: "full", timeStyle: "short", timeZone: TIME_ZONE });
  const short = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE });
  const hours = new Intl.DateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", timeZone: TIME_ZONE });
  const dayMonth = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", timeZone: TIME_ZONE });
  // One way to write a time of day in French, everywhere: « 14 h 00 », « 9 h 30 » (Intl writes 14:00).
  const clock = (text: string) => (locale === "fr" ? text.replace(/\b(\d{1,2}):(\d{2})\b/g, (_, h: string, m: string) => `${Number(h)} h ${m}`) : text);
  const sizeNumber = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const [kilo, mega] = locale === "fr" ? ["Ko", "Mo"] : ["KB", "MB"];
  return {
    locale,
    fileSize(bytes) {
      if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return NONE;
      const mb = bytes / (1024 * 1024);
      // A no-break space: the number and its unit stay on one line.
      return mb >= 1 ? `${sizeNumber.format(mb)}\u00a0${mega}` : `${sizeNumber.format(Math.max(1, Math.round(bytes / 1024)))}\u00a0${kilo}`;
    },
    money(amount, currency = "EUR") {
      if (amount === null || amount === undefined || !Number.isFinite(amount)) return NONE;
      let f = money.get(currency);
      if (!f) {
        f = new Intl.NumberFormat(tag, { style: "currency", currency });
        money.set(currency, f);
      }
      return f.format(amount);
    },
    calendarDate(date) {
      const match = date ? /^(\d{4})-(\d{2})-(\d{2})/.exec(date) : null;
      if (!match) return NONE;
      return calendar.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
    },
    dateTime(iso) {
      const d = parse(iso);
      return d ? clock(full.format(d)) : NONE;
    },
    shortDateTime(iso) {
      const d = parse(iso);
      return d ? clock(short.format(d)) : NONE;
    },
    time(iso) {
      const d = parse(iso);
      return d ? clock(hours.format(d)) : NONE;
    },
    dayTime(iso) {
      const d = parse(iso);
      if (!d) return NONE;
      const parts = hours.formatToParts(d);
      const h = parts.find((p) => p.type === "hour")?.value ?? "";
      const m = parts.find((p) => p.type === "minute")?.value ?? "";
      return locale === "fr" ? `${dayMonth.format(d)} à ${Number(h)} h ${m}` : `${dayMonth.format(d)} at ${h}:${m}`;
    },
    timeRange(start, end) {
      const s = parse(start);
      const e = parse(end);
      if (!s) return NONE;
      if (!e) return clock(full.format(s));
      if (parisDay(s) === parisDay(e)) return clock(`${full.format(s)} – ${hours.format(e)}`);
      return clock(`${full.format(s)} – ${full.format(e)}`);
    },
  };
}

const formats = new Map<Locale, Format>();
/** Formatters for a locale, built once per process. */
export function createFormat(locale: Locale): Format {
  let f = formats.get(locale);
  if (!f) {
    f = build(locale);
    formats.set(locale, f);
  }
  return f;
}
