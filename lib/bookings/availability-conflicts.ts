import "server-only";
import type { BookingRules, BusyInterval, TechnicianAvailability } from "./availability";
import { loadBusy, type CalendarSource } from "./calendar";
import type { BookingPolicy } from "./config";
import { isClosed, workingIntervalsOn } from "./slots";
import type { Db } from "@/lib/db/client";
import { addDays, parisDateOf, parisDayBounds, parseTimeOfDay, toParisLocal } from "@/lib/time/paris";

/**
 * Appointments a change of the settings would leave outside working time: a day off over a
 * booking, shorter hours, a closure, a technician taken off the list. The console shows them
 * before anything is saved; a booking is never dropped by a settings change (the office moves it
 * with the customer). Only appointments that fit the current settings and would not fit the new
 * ones are reported: a meeting staff already put outside hours is not the change's doing.
 */
export interface AvailabilityConflict {
  technicianId: string;
  technicianName: string | null;
  start: string;
  end: string;
  /** A portal booking (its id) or a meeting entered in HubSpot. */
  source: "reservation" | "hubspot_meeting";
  id: string | null;
  reason: "technician_removed" | "closed" | "day_off" | "outside_hours";
}

/** How far ahead appointments are checked. */
export const CONFLICT_WINDOW_DAYS = 366;

type Schedule = Pick<BookingPolicy, "rules" | "technicians">;

function verdict(b: BusyInterval, schedule: Schedule, closed: ReadonlySet<string>): AvailabilityConflict["reason"] | null {
  const tech = schedule.technicians.find((t) => t.id === b.technicianId);
  if (!tech) return "technician_removed";
  const startMs = Date.parse(b.start);
  const endMs = Date.parse(b.end);
  const date = parisDateOf(startMs);
  if (isClosed(date, schedule.rules, closed)) return "closed";
  const intervals = workingIntervalsOn(tech, date);
  if (intervals.length === 0) return tech.daysOff.includes(date) ? "day_off" : "outside_hours";
  const from = toParisLocal(startMs).minutes;
  // An appointment ending at midnight or later does not fit any interval of its day.
  const to = endMs >= parisDayBounds(addDays(date, 1)).start ? 24 * 60 + 1 : toParisLocal(endMs).minutes;
  return intervals.some((i) => parseTimeOfDay(i.start) <= from && to <= parseTimeOfDay(i.end)) ? null : "outside_hours";
}

function closedSet(rules: BookingRules): Set<string> {
  return new Set(rules.closedDates);
}

export async function findAvailabilityConflicts(input: {
  db: Db;
  calendar: CalendarSource;
  now: Date;
  before: Schedule;
  after: Schedule;
}): Promise<AvailabilityConflict[]> {
  const ids = [...new Set([...input.before.technicians, ...input.after.technicians].map((t: TechnicianAvailability) => t.id))];
  if (ids.length === 0) return [];
  const from = input.now.toISOString();
  const to = new Date(parisDayBounds(addDays(parisDateOf(input.now.getTime()), CONFLICT_WINDOW_DAYS)).end).toISOString();
  const busy = (await loadBusy(input.db, input.calendar, ids, from, to)).filter((b) => b.source !== "blocked" && Date.parse(b.end) > input.now.getTime());
  const closedBefore = closedSet(input.before.rules);
  const closedAfter = closedSet(input.after.rules);
  const names = new Map([...input.before.technicians, ...input.after.technicians].map((t) => [t.id, t.firstName] as const));
  const conflicts: AvailabilityConflict[] = [];
  for (const b of busy) {
    if (verdict(b, input.before, closedBefore) !== null) continue;
    const reason = verdict(b, input.after, closedAfter);
    if (reason === null) continue;
    conflicts.push({
      technicianId: b.technicianId,
      technicianName: names.get(b.technicianId) ?? null,
      start: b.start,
      end: b.end,
      source: b.source === "reservation" ? "reservation" : "hubspot_meeting",
      id: b.id ?? null,
      reason,
    });
  }
  return conflicts.sort((a, b) => a.start.localeCompare(b.start));
}
