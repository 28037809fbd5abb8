import { distanceKm, isInServiceArea, travelMinutes, WEEKDAYS } from "./availability";
import type { BookingRules, BusyInterval, GeoPoint, TechnicianAvailability, WorkingInterval } from "./availability";
import type { Service } from "./catalogue";
import { isFrenchPublicHoliday } from "@/lib/time/holidays";
import {
  addDays,
  daysBetween,
  formatTimeOfDay,
  isoWeekday,
  parisDateOf,
  parisDayBounds,
  parisLocalToInstant,
  parisLocalToInstantLenient,
  parseTimeOfDay,
} from "@/lib/time/paris";

/**
 * The slot engine: pure, synchronous, no I/O. Given a service, where the customer is, the
 * technicians' calendars and their busy time, it lists the start times a customer may book.
 *
 * - Time: working hours are Paris wall-clock times. Candidate starts are generated on the local grid
 *   of each working day and converted one by one (lib/bookings/time.ts), so 08:00 stays 08:00 local
 *   across the changes, a time in the skipped hour (March) is never offered, and a time in the
 *   repeated hour (October) is offered once. Durations are real elapsed minutes.
 * - Travel: a slot must leave, after the technician's previous job that day, the drive from that
 *   job (great-circle distance / average speed) plus the buffer, and the same before the next job.
 *   Any other busy interval must be at least the buffer away. A slot next to a same-day job close to
 *   the customer is marked `nearbyJob` (the picker says so); times stay in order within the day, so
 *   a customer reads 08 h 00, 08 h 30… and not the nearby ones first.
 */

export interface Slot {
  /** ISO instant (UTC). */
  start: string;
  end: string;
  /** Paris wall-clock start, "HH:MM". */
  localTime: string;
  /** Technicians free for this slot: those with a nearby job first, then the closest home base. */
  technicianIds: string[];
  /** True when at least one technician has a same-day job near the customer right before or after. */
  nearbyJob: boolean;
  nearbyTechnicianIds: string[];
}

export interface SlotDay {
  /** Paris local date, "YYYY-MM-DD". */
  date: string;
  /** Nearby slots first, then chronological. */
  slots: Slot[];
}

export interface SlotsResult {
  /** False for request-only services (the page offers a request form) and outside the service area. */
  bookable: boolean;
  /** Why nothing can be booked online, for the page's French message; null when bookable. */
  reason: "request_only" | "outside_service_area" | null;
  /** Days with at least one slot, ascending. */
  days: SlotDay[];
  /** First and last dates the rules allow (before `from`/`to` narrow them). */
  earliestDate: string;
  latestDate: string;
}

export interface ComputeSlotsInput {
  service: Service;
  /** Null when the address could not be geocoded: drives are then assumed to take the default time. */
  customerLocation: GeoPoint | null;
  technicians: readonly TechnicianAvailability[];
  busy: readonly BusyInterval[];
  rules: BookingRules;
  now: Date;
  /** Busy ids to ignore: the appointment being rescheduled does not block its own new time. */
  ignoreBusyIds?: readonly string[];
  /** Paris dates, inclusive, to narrow the search (e.g. one week at a time). */
  from?: string;
  to?: string;
}

interface PreparedBusy {
  start: number;
  end: number;
  location: GeoPoint | null;
  /** Paris date of the start, for the daily capacity; null for blocked time (not a job). */
  jobDate: string | null;
}

const MINUTE_MS = 60_000;

export function isClosed(date: string, rules: BookingRules, closed: ReadonlySet<string>): boolean {
  return closed.has(date) || (rules.excludePublicHolidays && isFrenchPublicHoliday(date));
}

/** The first instant a booking may start, by the minimum-notice rule. */
export function earliestBookableInstant(now: Date, rules: BookingRules): number {
  const nowMs = now.getTime();
  if (rules.minimumNotice.kind === "hours") return nowMs + rules.minimumNotice.hours * 60 * MINUTE_MS;
  const closed = new Set(rules.closedDates);
  let date = addDays(parisDateOf(nowMs), 1);
  for (let i = 0; i < 366; i++) {
    // Public holidays never count as a working day for the notice, even when the company works them.
    if (rules.businessWeekdays.includes(isoWeekday(date)) && !isFrenchPublicHoliday(date) && !closed.has(date)) break;
    date = addDays(date, 1);
  }
  return Math.max(nowMs, parisDayBounds(date).start);
}

export function workingIntervalsOn(tech: TechnicianAvailability, date: string): readonly WorkingInterval[] {
  if (tech.daysOff.includes(date)) return [];
  const override = tech.overrides.find((o) => o.date === date);
  if (override) return override.intervals;
  return tech.weekly[WEEKDAYS[isoWeekday(date) - 1] ?? "mon"] ?? [];
}

export function computeSlots(input: ComputeSlotsInput): SlotsResult {
  const { service, customerLocation, rules } = input;
  const nowMs = input.now.getTime();
  const today = parisDateOf(nowMs);
  const earliestMs = earliestBookableInstant(input.now, rules);
  const earliestDate = parisDateOf(earliestMs);
  const latestDate = addDays(today, rules.horizonDays);
  if (service.booking !== "online") return { bookable: false, reason: "request_only", days: [], earliestDate, latestDate };
  if (customerLocation && !isInServiceArea(customerLocation, input.technicians, rules)) {
    return { bookable: false, reason: "outside_service_area", days: [], earliestDate, latestDate };
  }

  let firstDate = earliestDate;
  if (input.from && input.from > firstDate) firstDate = input.from;
  let lastDate = latestDate;
  if (input.to && input.to < lastDate) lastDate = input.to;

  const technicians = input.technicians.filter((t) => service.requiredSkills.every((skill) => t.skills.includes(skill)));
  const busyByTech = new Map<string, PreparedBusy[]>();
  for (const t of technicians) busyByTech.set(t.id, []);
  const ignored = new Set(input.ignoreBusyIds ?? []);
  for (const b of input.busy) {
    const list = busyByTech.get(b.technicianId);
    if (!list || (b.id !== undefined && ignored.has(b.id))) continue;
    const start = Date.parse(b.start);
    list.push({ start, end: Date.parse(b.end), location: b.location, jobDate: b.source === "blocked" ? null : parisDateOf(start) });
  }
  for (const list of busyByTech.values()) list.sort((a, b) => a.start - b.start);

  const homeDistance = new Map(technicians.map((t) => [t.id, customerLocation ? distanceKm(t.home, customerLocation) : 0]));
  const closed = new Set(rules.closedDates);
  const bufferMs = rules.travelBufferMinutes * MINUTE_MS;
  const durationMs = service.durationMinutes * MINUTE_MS;
  const stepMinutes = rules.slotStepMinutes;
  const days: SlotDay[] = [];
  const dayCount = daysBetween(firstDate, lastDate);

  for (let i = 0; i <= dayCount; i++) {
    const date = addDays(firstDate, i);
    if (isClosed(date, rules, closed)) continue;
    const bounds = parisDayBounds(date);
    const byStart = new Map<number, { localMinutes: number; technicianIds: string[]; nearbyTechnicianIds: string[] }>();

    for (const tech of technicians) {
      const intervals = workingIntervalsOn(tech, date);
      if (intervals.length === 0) continue;
      const allBusy = busyByTech.get(tech.id) ?? [];
      let jobs = 0;
      const dayBusy: PreparedBusy[] = [];
      for (const b of allBusy) {
        if (b.jobDate === date) jobs++;
        if (b.start < bounds.end + bufferMs && b.end > bounds.start - bufferMs) dayBusy.push(b);
      }
      if (jobs >= rules.dailyCapacity) continue;

      for (const interval of intervals) {
        const startMinutes = parseTimeOfDay(interval.start);
        const endMinutes = parseTimeOfDay(interval.end);
        const windowStart = parisLocalToInstantLenient(date, startMinutes);
        const windowEnd = parisLocalToInstantLenient(date, endMinutes);
        for (let minutes = startMinutes; minutes < endMinutes; minutes += stepMinutes) {
          const start = parisLocalToInstant(date, minutes);
          if (start === null || start < windowStart) continue; // the skipped hour of the spring change
          const end = start + durationMs;
          if (end > windowEnd) break;
          if (start < earliestMs) continue;
          const fit = fitWithBusy(start, end, dayBusy, bounds, bufferMs, customerLocation, rules);
          if (!fit.ok) continue;
          let entry = byStart.get(start);
          if (!entry) {
            entry = { localMinutes: minutes, technicianIds: [], nearbyTechnicianIds: [] };
            byStart.set(start, entry);
          }
          entry.technicianIds.push(tech.id);
          if (fit.nearby) entry.nearbyTechnicianIds.push(tech.id);
        }
      }
    }

    if (byStart.size === 0) continue;
    const slots: Slot[] = [...byStart.entries()].map(([start, entry]) => {
      const nearby = new Set(entry.nearbyTechnicianIds);
      const technicianIds = [...entry.technicianIds].sort(
        (a, b) => Number(nearby.has(b)) - Number(nearby.has(a)) || (homeDistance.get(a) ?? 0) - (homeDistance.get(b) ?? 0) || a.localeCompare(b),
      );
      return {
        start: new Date(start).toISOString(),
        end: new Date(start + durationMs).toISOString(),
        localTime: formatTimeOfDay(entry.localMinutes),
        technicianIds,
        nearbyJob: nearby.size > 0,
        nearbyTechnicianIds: technicianIds.filter((id) => nearby.has(id)),
      };
    });
    // In time order: the nearby hint marks a slot, it does not reorder the day (issue 16).
    slots.sort((a, b) => a.start.localeCompare(b.start));
    days.push({ date, slots });
  }
  return { bookable: true, reason: null, days, earliestDate, latestDate };
}

function fitWithBusy(
  start: number,
  end: number,
  dayBusy: readonly PreparedBusy[],
  bounds: { start: number; end: number },
  bufferMs: number,
  customer: GeoPoint | null,
  rules: BookingRules,
): { ok: boolean; nearby: boolean } {
  let previous: PreparedBusy | null = null;
  let next: PreparedBusy | null = null;
  for (const b of dayBusy) {
    if (b.start < end + bufferMs && b.end + bufferMs > start) return { ok: false, nearby: false };
    if (b.end <= start) {
      if (!previous || b.end > previous.end) previous = b;
    } else if (!next || b.start < next.start) {
      next = b;
    }
  }
  let nearby = false;
  const maxIdleMs = rules.nearbyMaxIdleMinutes * MINUTE_MS;
  if (previous && previous.end > bounds.start) {
    const readyAt = previous.end + bufferMs + travelMinutes(previous.location, customer, rules) * MINUTE_MS;
    if (start < readyAt) return { ok: false, nearby: false };
    if (isNear(previous.location, customer, rules) && start - readyAt <= maxIdleMs) nearby = true;
  }
  if (next && next.start < bounds.end) {
    const mustLeaveBy = next.start - bufferMs - travelMinutes(customer, next.location, rules) * MINUTE_MS;
    if (end > mustLeaveBy) return { ok: false, nearby: false };
    if (isNear(next.location, customer, rules) && mustLeaveBy - end <= maxIdleMs) nearby = true;
  }
  return { ok: true, nearby };
}

function isNear(place: GeoPoint | null, customer: GeoPoint | null, rules: BookingRules): boolean {
  return place !== null && customer !== null && distanceKm(place, customer) <= rules.nearbyRadiusKm;
}

/**
 * Server-side re-check before a booking is written: is this start still offered for this
 * technician? (Cal.com once accepted bookings the availability forbade.)
 */
export function isSlotBookable(input: ComputeSlotsInput & { start: string; technicianId: string }): boolean {
  const startMs = Date.parse(input.start);
  if (Number.isNaN(startMs)) return false;
  const date = parisDateOf(startMs);
  const result = computeSlots({ ...input, from: date, to: date });
  const iso = new Date(startMs).toISOString();
  return result.days.some((d) => d.slots.some((s) => s.start === iso && s.technicianIds.includes(input.technicianId)));
}
