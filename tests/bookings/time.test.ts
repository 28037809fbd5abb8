import { describe, expect, it } from "vitest";
import { addDays, isoWeekday, parisDayBounds, parisLocalToInstant, parisOffsetMinutes, toParisLocal } from "@/lib/time/paris";
import { easterSunday, frenchPublicHolidays, isFrenchPublicHoliday } from "@/lib/time/holidays";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe("Paris time", () => {
  it("converts wall-clock times with the winter and summer offsets", () => {
    expect(iso(parisLocalToInstant("2026-01-15", 8 * 60))).toBe("2026-01-15T07:00:00.000Z");
    expect(iso(parisLocalToInstant("2026-07-15", 8 * 60))).toBe("2026-07-15T06:00:00.000Z");
    expect(parisOffsetMinutes(Date.parse("2026-01-15T12:00:00Z"))).toBe(60);
    expect(parisOffsetMinutes(Date.parse("2026-07-15T12:00:00Z"))).toBe(120);
  });

  it.each([
    ["2026-03-29", "2026-03-29T01:00:00.000Z"],
    ["2027-03-28", "2027-03-28T01:00:00.000Z"],
  ])("spring change %s: 02:00–02:59 does not exist, 03:00 is the jump", (date, jump) => {
    expect(parisLocalToInstant(date, 120)).toBeNull();
    expect(parisLocalToInstant(date, 150)).toBeNull();
    expect(iso(parisLocalToInstant(date, 180))).toBe(jump);
    expect(iso(parisLocalToInstant(date, 90))).toBe(new Date(Date.parse(jump) - 30 * 60_000).toISOString());
    const { start, end } = parisDayBounds(date);
    expect((end - start) / 3_600_000).toBe(23);
  });

  it.each([
    ["2026-10-25", "2026-10-25T00:00:00.000Z"],
    ["2027-10-31", "2027-10-31T00:00:00.000Z"],
  ])("autumn change %s: 02:00 happens twice and resolves to its first occurrence", (date, first) => {
    expect(iso(parisLocalToInstant(date, 120))).toBe(first);
    expect(iso(parisLocalToInstant(date, 180))).toBe(new Date(Date.parse(first) + 2 * 3_600_000).toISOString());
    const { start, end } = parisDayBounds(date);
    expect((end - start) / 3_600_000).toBe(25);
    // The second 02:30 (CET) reads back as 02:30 local.
    expect(toParisLocal(Date.parse(first) + 90 * 60_000)).toEqual({ date, minutes: 150 });
  });

  it("round-trips every half hour of the four change weeks", () => {
    for (const sunday of ["2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31"]) {
      for (let d = -3; d <= 3; d++) {
        const date = addDays(sunday, d);
        for (let minutes = 0; minutes < 24 * 60; minutes += 30) {
          const ms = parisLocalToInstant(date, minutes);
          if (ms === null) continue;
          expect(toParisLocal(ms)).toEqual({ date, minutes });
        }
      }
    }
  });

  it("knows weekdays and calendar arithmetic across month ends", () => {
    expect(isoWeekday("2026-03-29")).toBe(7);
    expect(isoWeekday("2026-11-30")).toBe(1);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});

describe("French public holidays", () => {
  it("computes Easter with the Gregorian algorithm", () => {
    expect(easterSunday(2024)).toBe("2024-03-31");
    expect(easterSunday(2026)).toBe("2026-04-05");
    expect(easterSunday(2027)).toBe("2027-03-28");
    expect(easterSunday(2038)).toBe("2038-04-25");
  });

  it("lists the eleven holidays of 2026", () => {
    expect(frenchPublicHolidays(2026).map((h) => h.date)).toEqual([
      "2026-01-01",
      "2026-04-06",
      "2026-05-01",
      "2026-05-08",
      "2026-05-14",
      "2026-05-25",
      "2026-07-14",
      "2026-08-15",
      "2026-11-01",
      "2026-11-11",
      "2026-12-25",
    ]);
  });

  it("moves Easter-based holidays with Easter", () => {
    expect(isFrenchPublicHoliday("2027-03-29")).toBe(true); // Easter Monday 2027
    expect(isFrenchPublicHoliday("2027-05-06")).toBe(true); // Ascension 2027
    expect(isFrenchPublicHoliday("2027-05-17")).toBe(true); // Whit Monday 2027
    expect(isFrenchPublicHoliday("2026-05-15")).toBe(false);
  });
});
