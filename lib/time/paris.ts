/**
 * Europe/Paris wall-clock helpers built on Intl, DST-safe, with no dependency.
 *
 * Calendar dates are "YYYY-MM-DD" strings (Paris local days); times of day are minutes since local
 * midnight; instants are epoch milliseconds (ISO strings at the edges). Paris switches at 01:00 UTC
 * on the last Sundays of March (02:00 → 03:00 local, the hour does not exist) and October (03:00 →
 * 02:00 local, the hour happens twice).
 */

export const PARIS_TIME_ZONE = "Europe/Paris";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const partsFormatter = new Intl.DateTimeFormat("en-US", {
  timeZone: PARIS_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

// Paris changes offset at 01:00:00 UTC exactly, so the offset is constant within each UTC hour:
// memoize by hour (formatToParts is the slow part of every conversion).
const offsetByHour = new Map<number, number>();

/** Minutes Paris is ahead of UTC at this instant (60 in winter, 120 in summer). */
export function parisOffsetMinutes(instantMs: number): number {
  const hour = Math.floor(instantMs / 3_600_000);
  const cached = offsetByHour.get(hour);
  if (cached !== undefined) return cached;
  const offset = computeParisOffsetMinutes(hour * 3_600_000);
  if (offsetByHour.size > 100_000) offsetByHour.clear();
  offsetByHour.set(hour, offset);
  return offset;
}

function computeParisOffsetMinutes(instantMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(new Date(instantMs))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  const flooredMs = Math.floor(instantMs / 1000) * 1000;
  return Math.round((asUtc - flooredMs) / MINUTE_MS);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** UTC midnight of the calendar date, used for pure calendar arithmetic (no time zone involved). */
const dateCache = new Map<string, number>();
function dateToUtcMs(date: string): number {
  const cached = dateCache.get(date);
  if (cached !== undefined) return cached;
  const ms = parseDate(date);
  if (dateCache.size > 10_000) dateCache.clear();
  dateCache.set(date, ms);
  return ms;
}

function parseDate(date: string): number {
  const match = DATE_RE.exec(date);
  if (!match) throw new RangeError(`Invalid date "${date}" (expected YYYY-MM-DD)`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`Invalid date "${date}"`);
  return ms;
}

export function isValidDate(date: string): boolean {
  try {
    dateToUtcMs(date);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dateToUtcMs(b) - dateToUtcMs(a)) / DAY_MS);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(dateToUtcMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** "HH:MM" → minutes since midnight (24:00 allowed as an end of day). */
export function parseTimeOfDay(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new RangeError(`Invalid time "${hhmm}" (expected HH:MM)`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 24 * 60) throw new RangeError(`Invalid time "${hhmm}"`);
  return minutes;
}

export function formatTimeOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** The Paris local date and time of day of an instant. */
export function toParisLocal(instantMs: number): { date: string; minutes: number } {
  const local = instantMs + parisOffsetMinutes(instantMs) * MINUTE_MS;
  const iso = new Date(local).toISOString();
  const minutes = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
  return { date: iso.slice(0, 10), minutes };
}

export function parisDateOf(instantMs: number): string {
  return toParisLocal(instantMs).date;
}

// Offsets around a local day: if Paris has the same offset from noon UTC the day before to noon UTC
// the day after, no transition touches that local day (transitions are months apart), so every
// local time of the day converts with that single offset. Memoized: a slot search asks for the same
// few dozen days thousands of times.
const dayOffsetCache = new Map<string, { before: number; after: number }>();
function dayOffsets(date: string): { before: number; after: number } {
  let cached = dayOffsetCache.get(date);
  if (!cached) {
    const midnightUtc = dateToUtcMs(date);
    cached = {
      before: parisOffsetMinutes(midnightUtc - DAY_MS / 2),
      after: parisOffsetMinutes(midnightUtc + DAY_MS + DAY_MS / 2),
    };
    if (dayOffsetCache.size > 4000) dayOffsetCache.clear();
    dayOffsetCache.set(date, cached);
  }
  return cached;
}

/**
 * The instant of a Paris wall-clock time, or null when that time does not exist (the skipped hour
 * of the spring change). A time that happens twice (the repeated hour in October) resolves to its
 * first occurrence, so one local time is never offered twice.
 */
export function parisLocalToInstant(date: string, minutes: number): number | null {
  const wallAsUtc = dateToUtcMs(date) + minutes * MINUTE_MS;
  const { before, after } = dayOffsets(date);
  if (before === after) return wallAsUtc - before * MINUTE_MS;
  let best: number | null = null;
  for (const offset of [before, after]) {
    const candidate = wallAsUtc - offset * MINUTE_MS;
    if (parisOffsetMinutes(candidate) === offset && (best === null || candidate < best)) best = candidate;
  }
  return best;
}

/** Like parisLocalToInstant, for a time that must exist (day boundaries, working-hour ends). A
 * skipped time maps to the instant the clock jumps (e.g. 02:30 on the spring change → 03:00). */
export function parisLocalToInstantLenient(date: string, minutes: number): number {
  const exact = parisLocalToInstant(date, minutes);
  if (exact !== null) return exact;
  // Inside the gap: same wall time read with the offset before the jump lands after the jump.
  const wallAsUtc = dateToUtcMs(date) + minutes * MINUTE_MS;
  const { before } = dayOffsets(date);
  return wallAsUtc - before * MINUTE_MS;
}

/** [start, end) instants of a Paris local day (23 h in March, 25 h in October). */
export function parisDayBounds(date: string): { start: number; end: number } {
  return { start: parisLocalToInstantLenient(date, 0), end: parisLocalToInstantLenient(addDays(date, 1), 0) };
}
