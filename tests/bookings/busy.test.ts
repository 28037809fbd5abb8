import { describe, expect, it } from "vitest";
import { busyFromAppointments } from "@/lib/bookings/busy";
import { computeSlots } from "@/lib/bookings/slots";
import { type BusyInterval } from "@/lib/bookings/availability";
import type { Appointment } from "@/lib/model/types";
import { depannage, job, localTimes, paris, rules, tech, town } from "./fixtures";

const monday = "2026-11-30";
const technician = { id: "t1", firstName: "Julien", lastName: "Moreau", email: null };
const appointment = (id: string, from: string, to: string, extra: Partial<Appointment> = {}): Appointment => ({
  id,
  title: "Intervention",
  start: paris(monday, from),
  end: paris(monday, to),
  location: "12 rue Mercière, 69002 Lyon",
  outcome: "SCHEDULED",
  technician,
  interventionId: null,
  bookingId: null,
  ...extra,
});

describe("busy time from HubSpot meetings", () => {
  it("keeps scheduled meetings with a technician and frees cancelled and rescheduled ones", () => {
    const busy = busyFromAppointments(
      [
        appointment("m1", "09:00", "10:00"),
        appointment("m2", "11:00", "12:00", { outcome: "CANCELED" }),
        appointment("m3", "13:00", "14:00", { outcome: "RESCHEDULED" }),
        appointment("m4", "15:00", "16:00", { technician: null }),
        appointment("m5", "16:00", "17:00", { bookingId: "b-1" }),
      ],
      () => town("Lyon"),
    );
    expect(busy.map((b) => [b.id, b.source])).toEqual([
      ["m1", "hubspot_meeting"],
      ["m5", "reservation"],
    ]);
    expect(busy[0]).toMatchObject({ technicianId: "t1", location: town("Lyon") });
  });

  it("a reschedule ignores the appointment being moved", () => {
    const moving: BusyInterval = { ...job("t1", monday, "08:00", "18:00", town("Craponne")), id: "m1" };
    const input = { service: depannage, customerLocation: town("Craponne"), technicians: [tech({ id: "t1" })], busy: [moving], rules: rules(), now: new Date("2026-11-26T09:00:00Z"), from: monday, to: monday };
    expect(computeSlots(input).days).toEqual([]);
    expect(localTimes(computeSlots({ ...input, ignoreBusyIds: ["m1"] }).days[0])[0]).toBe("08:00");
  });
});
