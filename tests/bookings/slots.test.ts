import { describe, expect, it } from "vitest";
import { computeSlots, isSlotBookable, type SlotsResult } from "@/lib/bookings/slots";
import { getService } from "@/lib/bookings/catalogue";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";
import { travelMinutes } from "@/lib/bookings/availability";
import { depannage, job, localTimes, paris, rules, tech, town } from "./fixtures";

const dayOf = (result: SlotsResult, date: string) => result.days.find((d) => d.date === date);
const customer = town("Craponne");

describe("computeSlots: daylight-saving changes", () => {
  // A technician on call on the change Sundays, at night, to put slots inside the odd hour.
  const nightOnSundays = () =>
    tech({
      id: "t1",
      weekly: { mon: [{ start: "08:00", end: "12:00" }], fri: [{ start: "08:00", end: "12:00" }], sun: [{ start: "01:00", end: "05:00" }] },
    });
  const service = getService("entretien", DEMO_SETTINGS.services); // 60 min

  it.each([
    ["2026-03-29", "2026-03-25T10:00:00Z"],
    ["2027-03-28", "2027-03-24T10:00:00Z"],
  ])("spring %s: 08:00 stays 08:00 local on both sides, nothing in the skipped hour", (sunday, now) => {
    const result = computeSlots({ service, customerLocation: customer, technicians: [nightOnSundays()], busy: [], rules: rules({ excludePublicHolidays: false }), now: new Date(now) });
    const friday = dayOf(result, `${sunday.slice(0, 8)}${String(Number(sunday.slice(8)) - 2).padStart(2, "0")}`);
    const monday = result.days.find((d) => d.date > sunday);
    expect(friday?.slots[0]).toMatchObject({ localTime: "08:00" });
    expect(friday?.slots[0]?.start.slice(11, 16)).toBe("07:00"); // CET
    expect(monday?.slots[0]).toMatchObject({ localTime: "08:00" });
    expect(monday?.slots[0]?.start.slice(11, 16)).toBe("06:00"); // CEST
    const day = dayOf(result, sunday);
    // 01:00–05:00 local is 3 real hours: 01:00, 01:30, then 03:00 … 04:00 (ends by 05:00).
    expect(localTimes(day)).toEqual(["01:00", "01:30", "03:00", "03:30", "04:00"]);
    expect(day?.slots.map((s) => s.start.slice(11, 16))).toEqual(["00:00", "00:30", "01:00", "01:30", "02:00"]);
  });

  it.each([
    ["2026-10-25", "2026-10-21T10:00:00Z"],
    ["2027-10-31", "2027-10-27T10:00:00Z"],
  ])("autumn %s: the repeated hour is offered once, 08:00 stays 08:00 local", (sunday, now) => {
    const result = computeSlots({ service, customerLocation: customer, technicians: [nightOnSundays()], busy: [], rules: rules({ excludePublicHolidays: false }), now: new Date(now) });
    const day = dayOf(result, sunday);
    const times = localTimes(day);
    expect(times).toEqual(["01:00", "01:30", "02:00", "02:30", "03:00", "03:30", "04:00"]);
    expect(new Set(day?.slots.map((s) => s.start)).size).toBe(times.length);
    const monday = result.days.find((d) => d.date > sunday);
    expect(monday?.slots[0]).toMatchObject({ localTime: "08:00" });
    expect(monday?.slots[0]?.start.slice(11, 16)).toBe("07:00"); // CET
  });

  it("keeps a real duration across the change: 02:30 + 60 min on the autumn Sunday ends at 02:30 CET", () => {
    const result = computeSlots({ service, customerLocation: customer, technicians: [nightOnSundays()], busy: [], rules: rules({ excludePublicHolidays: false }), now: new Date("2026-10-21T10:00:00Z") });
    const slot = dayOf(result, "2026-10-25")?.slots.find((s) => s.localTime === "02:30");
    expect(slot).toMatchObject({ start: "2026-10-25T00:30:00.000Z", end: "2026-10-25T01:30:00.000Z" });
  });
});

describe("computeSlots: calendar rules", () => {
  const base = { service: depannage, customerLocation: customer, technicians: [tech({ id: "t1" })], busy: [], rules: rules() };

  it.each(["2026-05-14", "2026-07-14", "2026-11-11", "2026-12-25"])("offers nothing on the public holiday %s", (holiday) => {
    const from = `${holiday.slice(0, 8)}01`;
    const result = computeSlots({ ...base, now: new Date(`${from}T06:00:00Z`), from: holiday.slice(0, 8) + "01", to: holiday.slice(0, 8) + "28" });
    expect(dayOf(result, holiday)).toBeUndefined();
    expect(result.days.length).toBeGreaterThan(10);
  });

  it("can be told to work public holidays and company closures", () => {
    const open = computeSlots({ ...base, rules: rules({ excludePublicHolidays: false, closedDates: ["2026-05-15"] }), now: new Date("2026-05-11T06:00:00Z") });
    expect(dayOf(open, "2026-05-14")).toBeDefined();
    expect(dayOf(open, "2026-05-15")).toBeUndefined();
  });

  it("minimum notice: nothing today; on a Friday afternoon the first day is Monday", () => {
    const result = computeSlots({ ...base, now: new Date("2026-11-27T14:00:00Z") });
    expect(result.earliestDate).toBe("2026-11-30");
    expect(result.days[0]?.date).toBe("2026-11-30");
    expect(result.days[0]?.slots[0]?.localTime).toBe("08:00");
  });

  it("minimum notice skips a holiday: on the eve of Ascension, the first day is the Friday after", () => {
    const result = computeSlots({ ...base, now: new Date("2026-05-13T09:00:00Z") });
    expect(result.days[0]?.date).toBe("2026-05-15");
  });

  it("minimum notice in hours", () => {
    const result = computeSlots({ ...base, rules: rules({ minimumNotice: { kind: "hours", hours: 48 } }), now: new Date("2026-11-24T09:10:00Z") });
    // 2026-11-26 10:10 Paris → first grid time 10:30.
    expect(result.days[0]?.date).toBe("2026-11-26");
    expect(result.days[0]?.slots[0]?.localTime).toBe("10:30");
  });

  it("horizon: nothing after today + 60 days, and from/to narrow the search", () => {
    const result = computeSlots({ ...base, now: new Date("2026-11-24T09:00:00Z") });
    expect(result.latestDate).toBe("2027-01-23");
    expect(result.days.at(-1)?.date).toBe("2027-01-22"); // the 23rd is a Saturday
    const week = computeSlots({ ...base, now: new Date("2026-11-24T09:00:00Z"), from: "2026-12-07", to: "2026-12-13" });
    expect(week.days.map((d) => d.date)).toEqual(["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"]);
    const beyond = computeSlots({ ...base, now: new Date("2026-11-24T09:00:00Z"), from: "2027-02-01", to: "2027-02-05" });
    expect(beyond.days).toEqual([]);
  });

  it("days off and date overrides replace the weekly hours", () => {
    const t1 = tech({ id: "t1", daysOff: ["2026-12-01"], overrides: [{ date: "2026-12-02", intervals: [{ start: "14:00", end: "16:00" }] }, { date: "2026-12-05", intervals: [{ start: "09:00", end: "10:30" }] }] });
    const result = computeSlots({ ...base, technicians: [t1], now: new Date("2026-11-27T09:00:00Z"), to: "2026-12-06" });
    expect(dayOf(result, "2026-12-01")).toBeUndefined();
    expect(localTimes(dayOf(result, "2026-12-02"))).toEqual(["14:00", "14:30"]);
    expect(localTimes(dayOf(result, "2026-12-05"))).toEqual(["09:00"]); // a Saturday opened by override
  });

  it("request-only services produce no slots", () => {
    const result = computeSlots({ ...base, service: getService("mise_aux_normes", DEMO_SETTINGS.services), now: new Date("2026-11-24T09:00:00Z") });
    expect(result).toMatchObject({ bookable: false, reason: "request_only", days: [] });
  });

  it("an address outside the service area gets no slots; an unknown location is not refused", () => {
    const lyon = computeSlots({ ...base, now: new Date("2026-11-24T09:00:00Z") });
    expect(lyon).toMatchObject({ bookable: true, reason: null });
    const grenoble = computeSlots({ ...base, customerLocation: { lat: 45.1885, lng: 5.7245 }, now: new Date("2026-11-24T09:00:00Z") });
    expect(grenoble).toMatchObject({ bookable: false, reason: "outside_service_area", days: [] });
    const unknown = computeSlots({ ...base, customerLocation: null, now: new Date("2026-11-24T09:00:00Z") });
    expect(unknown.days.length).toBeGreaterThan(0);
  });

  it("only technicians with the required skills are offered", () => {
    const irve = tech({ id: "irve", skills: ["borne_recharge"] });
    const other = tech({ id: "other", skills: ["depannage", "entretien"] });
    const result = computeSlots({ ...base, service: getService("borne_recharge", DEMO_SETTINGS.services), technicians: [irve, other], now: new Date("2026-11-24T09:00:00Z") });
    const ids = new Set(result.days.flatMap((d) => d.slots.flatMap((s) => s.technicianIds)));
    expect([...ids]).toEqual(["irve"]);
    const none = computeSlots({ ...base, service: getService("borne_recharge", DEMO_SETTINGS.services), technicians: [other], now: new Date("2026-11-24T09:00:00Z") });
    expect(none.days).toEqual([]);
  });
});

describe("computeSlots: busy time, travel, capacity", () => {
  const monday = "2026-11-30";
  const now = new Date("2026-11-26T09:00:00Z");
  const onMonday = { from: monday, to: monday, now, customerLocation: customer, service: depannage };

  it("never overlaps a busy interval plus the buffer", () => {
    const result = computeSlots({ ...onMonday, technicians: [tech({ id: "t1" })], busy: [job("t1", monday, "10:00", "11:00", customer)], rules: rules() });
    // 90 min + 15 min buffer before 10:00 → start ≤ 08:15; after: 11:00 + 15 → 11:30 on the grid.
    expect(localTimes(dayOf(result, monday))).toEqual(["08:00", "11:30", "12:00", "12:30", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30"]);
  });

  it("leaves the drive from the previous job and to the next one", () => {
    const meyzieu = town("Meyzieu");
    const drive = travelMinutes(meyzieu, customer, rules());
    expect(drive).toBe(44); // ~22 km at 30 km/h
    const busy = [job("t1", monday, "08:00", "10:00", meyzieu), job("t1", monday, "15:00", "17:00", meyzieu)];
    const result = computeSlots({ ...onMonday, technicians: [tech({ id: "t1" })], busy, rules: rules() });
    // Ready at 10:00 + 44 + 15 = 10:59 → 11:00. Must leave by 15:00 − 44 − 15 = 14:01 → last start 12:31 → 12:30.
    expect(localTimes(dayOf(result, monday))).toEqual(["11:00", "11:30", "12:00", "12:30"]);
    // The same jobs at the customer's town leave more room.
    const near = computeSlots({ ...onMonday, technicians: [tech({ id: "t1" })], busy: busy.map((b) => ({ ...b, location: customer })), rules: rules() });
    expect(localTimes(dayOf(near, monday))).toEqual(["10:30", "11:00", "11:30", "12:00", "12:30", "13:00"]);
    // An unknown job location assumes the default drive (20 min): ready at 10:35 → 11:00.
    const unknown = computeSlots({ ...onMonday, technicians: [tech({ id: "t1" })], busy: [job("t1", monday, "08:00", "10:00", null)], rules: rules() });
    expect(localTimes(dayOf(unknown, monday))[0]).toBe("11:00");
  });

  it("marks slots next to a same-day job near the customer, and keeps the day's times in order", () => {
    const a = tech({ id: "a", home: town("Meyzieu") });
    const b = tech({ id: "b", home: town("Francheville") });
    const busy = [job("a", monday, "12:00", "14:00", town("Craponne"))];
    const result = computeSlots({ ...onMonday, technicians: [a, b], busy, rules: rules() });
    const slots = dayOf(result, monday)?.slots ?? [];
    const nearby = slots.filter((s) => s.nearbyJob);
    // Before the job: must leave by 11:45 and wait ≤ 60 min → 09:30, 10:00. After: ready 14:15 → 14:30, 15:00.
    expect(nearby.map((s) => s.localTime)).toEqual(["09:30", "10:00", "14:30", "15:00"]);
    expect(nearby[0]?.technicianIds[0]).toBe("a");
    expect(nearby[0]?.nearbyTechnicianIds).toEqual(["a"]);
    // 08:00 before the nearby 09:30: the whole day reads in time order.
    const times = slots.map((s) => s.localTime);
    expect(times[0]).toBe("08:00");
    expect(times).toEqual([...times].sort());
    // Without a nearby job, the technician whose base is closest comes first.
    expect(slots.find((s) => s.localTime === "08:00")?.technicianIds).toEqual(["b", "a"]);
  });

  it("respects the daily capacity per technician; blocked time is not a job", () => {
    const busy = [job("t1", monday, "08:00", "09:00", customer), job("t1", monday, "16:00", "17:00", customer), job("t1", "2026-12-01", "08:00", "09:00", customer, "blocked"), job("t1", "2026-12-01", "16:00", "17:00", customer, "blocked")];
    const result = computeSlots({ ...onMonday, to: "2026-12-01", technicians: [tech({ id: "t1" })], busy, rules: rules({ dailyCapacity: 2 }) });
    expect(dayOf(result, monday)).toBeUndefined();
    expect(dayOf(result, "2026-12-01")?.slots.length).toBeGreaterThan(0);
  });

  it("merges technicians per start time and ignores other technicians' busy time", () => {
    const busy = [job("t1", monday, "08:00", "18:00", customer)];
    const result = computeSlots({ ...onMonday, technicians: [tech({ id: "t1" }), tech({ id: "t2" })], busy, rules: rules() });
    expect(dayOf(result, monday)?.slots.every((s) => s.technicianIds.join() === "t2")).toBe(true);
  });

  it("isSlotBookable re-checks a chosen start for a technician", () => {
    const input = { ...onMonday, technicians: [tech({ id: "t1" })], busy: [job("t1", monday, "10:00", "11:00", customer)], rules: rules() };
    expect(isSlotBookable({ ...input, start: paris(monday, "08:00"), technicianId: "t1" })).toBe(true);
    expect(isSlotBookable({ ...input, start: paris(monday, "09:30"), technicianId: "t1" })).toBe(false);
    expect(isSlotBookable({ ...input, start: paris(monday, "08:00"), technicianId: "t2" })).toBe(false);
    expect(isSlotBookable({ ...input, start: "not a date", technicianId: "t1" })).toBe(false);
  });
});
