import { isFrenchPublicHoliday } from "@/lib/time/holidays";
import { addDays, isoWeekday, parisLocalToInstantLenient, toParisLocal } from "@/lib/time/paris";

/**
 * The demo's « live » visits (a technician driving or on site) must fall in working hours
 * (8:00–18:00 Paris, Monday to Friday, not a public holiday) whatever time the demo starts: a
 * visit on site started 45 min before its anchor, one on the way starts 30 min after it and lasts
 * 2 h, so the anchor stays within 8:45–15:30 of a working day.
 */
const EARLIEST = 8 * 60 + 45;
const LATEST = 15 * 60 + 30;

export function isWorkingDay(date: string): boolean {
  return isoWeekday(date) <= 5 && !isFrenchPublicHoliday(date);
}

/** The latest anchor at or before `now` (on site: already started). `now` itself during the day. */
export function liveAnchorBefore(now: number): number {
  const { date, minutes } = toParisLocal(now);
  if (isWorkingDay(date) && minutes >= EARLIEST) return minutes <= LATEST ? now : parisLocalToInstantLenient(date, LATEST);
  let day = addDays(date, -1);
  while (!isWorkingDay(day)) day = addDays(day, -1);
  return parisLocalToInstantLenient(day, LATEST);
}

/** The earliest anchor at or after `now` (on the way: arriving later). `now` itself during the day. */
export function liveAnchorAfter(now: number): number {
  const { date, minutes } = toParisLocal(now);
  if (isWorkingDay(date) && minutes <= LATEST) return minutes >= EARLIEST ? now : parisLocalToInstantLenient(date, EARLIEST);
  let day = addDays(date, 1);
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return parisLocalToInstantLenient(day, EARLIEST);
}
