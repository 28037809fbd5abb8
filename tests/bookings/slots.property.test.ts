import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, formatTimeOfDay, isoWeekday, parisDayBounds, parisLocalToInstantLenient, parseTimeOfDay, toParisLocal } from "@/lib/time/paris";
import { bookingRulesSchema, busyIntervalSchema, technicianAvailabilitySchema, travelMinutes, WEEKDAYS, type TechnicianAvailability } from "@/lib/bookings/availability";
import { computeSlots, earliestBookableInstant } from "@/lib/bookings/slots";
import { isFrenchPublicHoliday } from "@/lib/time/holidays";
import { listBookableServices } from "@/lib/bookings/catalogue";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";
import { TOWNS } from "@/sandbox/seed/data";

/**
 * Whatever the calendars, busy time and rules: every offered slot sits inside its technicians'
 * Paris working hours, never on a holiday or a day off, never within the buffer of their busy time,
 * never before the minimum notice or after the horizon, and each start is offered once. The dates
 * cluster around the 2026–2027 daylight-saving changes and holidays, and working hours may cover the
 * night, so the skipped and repeated hours are exercised.
 */

const MINUTE = 60_000;
const ANCHORS = ["2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31", "2026-05-14", "2026-12-25", "2027-05-06"];
const locations = [null, ...TOWNS.map((t) => ({ lat: t.lat, lng: t.lng }))];

const intervalArb = fc
  .record({ start: fc.integer({ min: 0, max: 22 * 4 }), length: fc.integer({ min: 2, max: 12 * 4 }) })
  .map(({ start, length }) => ({ start: formatTimeOfDay(start * 15), end: formatTimeOfDay(Math.min(24 * 60, (start + length) * 15)) }));
// A day's intervals never overlap (the console's schema refuses that): keep the first of two that would.
const dayHoursArb = fc.array(intervalArb, { maxLength: 2 }).map((list) =>
  [...list].sort((a, b) => a.start.localeCompare(b.start)).filter((i, k, sorted) => k === 0 || sorted[k - 1]!.end <= i.start),
);

const scenarioArb = fc
  .record({
    anchor: fc.constantFrom(...ANCHORS),
    daysBefore: fc.integer({ min: 1, max: 10 }),
    nowMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    techCount: fc.integer({ min: 1, max: 3 }),
    weekly: fc.array(fc.array(dayHoursArb, { minLength: 7, maxLength: 7 }), { minLength: 3, maxLength: 3 }),
    dayOffShift: fc.integer({ min: 0, max: 12 }),
    overrideShift: fc.integer({ min: 0, max: 12 }),
    overrideHours: dayHoursArb,
    busy: fc.array(
      fc.record({
        tech: fc.integer({ min: 0, max: 2 }),
        startMinute: fc.integer({ min: 0, max: 16 * 24 * 60 }),
        length: fc.integer({ min: 15, max: 300 }),
        location: fc.constantFrom(...locations),
        source: fc.constantFrom("hubspot_meeting" as const, "reservation" as const, "blocked" as const),
      }),
      { maxLength: 40 },
    ),
    rules: fc.record({
      travelBufferMinutes: fc.integer({ min: 0, max: 45 }),
      averageSpeedKmh: fc.integer({ min: 15, max: 60 }),
      slotStepMinutes: fc.constantFrom(15, 20, 30, 45, 60),
      dailyCapacity: fc.integer({ min: 1, max: 6 }),
      horizonDays: fc.integer({ min: 3, max: 18 }),
      minimumNotice: fc.oneof(fc.constant({ kind: "next_working_day" as const }), fc.integer({ min: 0, max: 72 }).map((hours) => ({ kind: "hours" as const, hours }))),
    }),
    serviceIndex: fc.integer({ min: 0, max: 3 }),
    customer: fc.constantFrom(...locations),
  })
  .map((s) => {
    const startDate = addDays(s.anchor, -s.daysBefore);
    const nowMs = parisLocalToInstantLenient(startDate, s.nowMinute);
    const technicians: TechnicianAvailability[] = Array.from({ length: s.techCount }, (_, i) =>
      technicianAvailabilitySchema.parse({
        id: `t${i}`,
        firstName: `T${i}`,
        skills: ["depannage", "diagnostic", "borne_recharge", "entretien"],
        home: { lat: 45.76, lng: 4.84 },
        weekly: Object.fromEntries(WEEKDAYS.map((d, k) => [d, s.weekly[i]?.[k] ?? []])),
        daysOff: [addDays(startDate, s.dayOffShift + i)],
        overrides: [{ date: addDays(startDate, s.overrideShift), intervals: s.overrideHours }],
      }),
    );
    const busy = s.busy
      .filter((b) => b.tech < s.techCount)
      .map((b) =>
        busyIntervalSchema.parse({
          technicianId: `t${b.tech}`,
          start: new Date(nowMs + b.startMinute * MINUTE).toISOString(),
          end: new Date(nowMs + (b.startMinute + b.length) * MINUTE).toISOString(),
          location: b.location,
          source: b.source,
        }),
      );
    const services = listBookableServices(DEMO_SETTINGS.services);
    const service = services[s.serviceIndex % services.length]!;
    return { now: new Date(nowMs), technicians, busy, rules: bookingRulesSchema.parse(s.rules), service, customerLocation: s.customer };
  });

function hoursOn(tech: TechnicianAvailability, date: string) {
  if (tech.daysOff.includes(date)) return [];
  const override = tech.overrides.find((o) => o.date === date);
  return override ? override.intervals : (tech.weekly[WEEKDAYS[isoWeekday(date) - 1]!] ?? []);
}

describe("computeSlots properties (fast-check)", () => {
  it("offers only slots inside working hours, clear of busy time plus buffer and drive, within notice and horizon", () => {
    let slotsSeen = 0;
    fc.assert(
      fc.property(scenarioArb, (input) => {
        const result = computeSlots(input);
        const earliest = earliestBookableInstant(input.now, input.rules);
        const bufferMs = input.rules.travelBufferMinutes * MINUTE;
        const seen = new Set<string>();
        let previousDate = "";
        for (const day of result.days) {
          expect(day.date > previousDate).toBe(true);
          previousDate = day.date;
          expect(day.date <= result.latestDate).toBe(true);
          expect(isFrenchPublicHoliday(day.date)).toBe(false);
          for (const slot of day.slots) {
            slotsSeen++;
            const start = Date.parse(slot.start);
            const end = Date.parse(slot.end);
            expect(end - start).toBe(input.service.durationMinutes * MINUTE);
            expect(seen.has(slot.start)).toBe(false);
            seen.add(slot.start);
            expect(start).toBeGreaterThanOrEqual(Math.max(earliest, input.now.getTime()));
            const local = toParisLocal(start);
            expect(local.date).toBe(day.date);
            expect(formatTimeOfDay(local.minutes)).toBe(slot.localTime);
            expect(slot.technicianIds.length).toBeGreaterThan(0);
            for (const id of slot.technicianIds) {
              const tech = input.technicians.find((t) => t.id === id)!;
              // Inside one working interval, on its grid (start + k × step, in Paris wall-clock minutes).
              const inHours = hoursOn(tech, day.date).some(
                (i) =>
                  parseTimeOfDay(i.start) <= local.minutes &&
                  (local.minutes - parseTimeOfDay(i.start)) % input.rules.slotStepMinutes === 0 &&
                  end <= parisLocalToInstantLenient(day.date, parseTimeOfDay(i.end)),
              );
              expect(inHours).toBe(true);
              for (const b of input.busy) {
                if (b.technicianId !== id) continue;
                const overlaps = Date.parse(b.start) < end + bufferMs && Date.parse(b.end) + bufferMs > start;
                expect(overlaps).toBe(false);
              }
              // The drive from the previous job of the day and to the next one, plus the buffer.
              const { start: dayStart, end: dayEnd } = parisDayBounds(day.date);
              const own = input.busy.filter((b) => b.technicianId === id);
              const before = own.filter((b) => Date.parse(b.end) <= start && Date.parse(b.end) > dayStart).sort((a, b) => Date.parse(b.end) - Date.parse(a.end))[0];
              const after = own.filter((b) => Date.parse(b.start) >= end && Date.parse(b.start) < dayEnd).sort((a, b) => Date.parse(a.start) - Date.parse(b.start))[0];
              if (before) expect(start - Date.parse(before.end)).toBeGreaterThanOrEqual(bufferMs + travelMinutes(before.location, input.customerLocation, input.rules) * MINUTE);
              if (after) expect(Date.parse(after.start) - end).toBeGreaterThanOrEqual(bufferMs + travelMinutes(input.customerLocation, after.location, input.rules) * MINUTE);
              const jobs = input.busy.filter((b) => b.technicianId === id && b.source !== "blocked" && toParisLocal(Date.parse(b.start)).date === day.date);
              expect(jobs.length).toBeLessThan(input.rules.dailyCapacity);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
    // The generators must actually produce slots, or the properties above prove nothing.
    expect(slotsSeen).toBeGreaterThan(500);
  });
});
