import { describe, expect, it, vi } from "vitest";
import type { Appointment } from "@/lib/hubspot/types";

vi.mock("@/lib/hubspot/queries", () => ({}));
const { upcomingAppointments } = await import("@/lib/demo/home-overview");

const at = (id: string, start: string | null, end: string | null, outcome: Appointment["outcome"] = "SCHEDULED"): Appointment => ({
  id,
  title: id,
  start,
  end,
  location: null,
  outcome,
  technician: null,
  interventionId: null,
  bookingId: null,
});

describe("upcoming appointments on the home page", () => {
  const now = new Date("2026-11-24T09:00:00Z");

  it("keeps visits not yet over, soonest first, including the one under way", () => {
    const list = [
      at("later", "2026-12-02T08:00:00Z", "2026-12-02T10:00:00Z"),
      at("past", "2026-11-20T08:00:00Z", "2026-11-20T10:00:00Z"),
      at("now", "2026-11-24T08:00:00Z", "2026-11-24T10:00:00Z"),
      at("moved", "2026-11-27T08:00:00Z", "2026-11-27T10:00:00Z", "RESCHEDULED"),
    ];
    expect(upcomingAppointments(list, now).map((a) => a.id)).toEqual(["now", "moved", "later"]);
  });

  it("drops cancelled, completed and no-show visits, and those without a date", () => {
    const list = [
      at("cancelled", "2026-12-01T08:00:00Z", null, "CANCELED"),
      at("done", "2026-12-01T08:00:00Z", null, "COMPLETED"),
      at("absent", "2026-12-01T08:00:00Z", null, "NO_SHOW"),
      at("undated", null, null),
    ];
    expect(upcomingAppointments(list, now)).toEqual([]);
  });
});
