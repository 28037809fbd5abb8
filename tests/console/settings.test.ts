import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookAppointment } from "@/lib/bookings/book-appointment";
import { listSlots } from "@/lib/bookings/list-slots";
import { saveConsoleSettings, type ConsoleSettingsDeps } from "@/lib/console/settings";
import type { DbHandle } from "@/lib/db/client";
import { staffAudit } from "@/lib/db/schema";
import { getSettings } from "@/lib/settings";
import type { StaffSession } from "@/lib/staff";
import { openTestDb } from "@/tests/support/db";
import { CAMILLE, deps, fakeCalendar, JULIEN, NOW, WED_8H } from "@/tests/bookings/support";

/**
 * The console's settings verb: role checked in the core function, bad input refused with French
 * messages and nothing saved, a day off over a booking shown before saving, saved with its audit
 * row, effective for the next slot listing.
 */
let h: DbHandle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => {
  await h.close();
});

const staff = (role: StaffSession["role"]): StaffSession => ({
  email: `${role}@duret-electricite.fr`,
  role,
  name: role,
  hubspotOwnerId: "71234599",
  sessionId: randomUUID(),
  signedInAt: NOW.getTime(),
  expiresAt: NOW.getTime() + 3_600_000,
});
const ADMIN = staff("admin");
const OFFICE = staff("office");

function consoleDeps(extra: Partial<ConsoleSettingsDeps> = {}): ConsoleSettingsDeps {
  return {
    db: h.db,
    now: NOW,
    calendar: fakeCalendar(),
    owners: async () => [{ ownerId: JULIEN, userId: "1", email: "julien@duret-electricite.fr", firstName: "Julien", lastName: null }],
    geocoder: { locate: async () => ({ point: { lat: 45.75, lng: 4.83 }, precision: "address", citycode: "69382", postcode: "69002", label: "x" }) },
    ...extra,
  };
}

describe("console settings", () => {
  it("an office user may give a day off but not change the company's identity (refused in the core function)", async () => {
    const s = await getSettings(h.db);
    await expect(saveConsoleSettings(OFFICE, { key: "company", value: s.company, expectedVersion: s.versions.company }, consoleDeps())).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: "Action réservée aux administrateurs",
    });
  });

  it("bad input is refused field by field in French, nothing saved", async () => {
    const s = await getSettings(h.db);
    const outcome = await saveConsoleSettings(ADMIN, { key: "company", value: { ...s.company, siret: "84231765300018", bank: { iban: "FR7630006000011234567890188", bic: null, beneficiary: null } }, expectedVersion: s.versions.company }, consoleDeps());
    expect(outcome).toMatchObject({ status: "invalid", fieldErrors: { siret: expect.stringMatching(/SIRET invalide/), "bank.iban": expect.stringMatching(/IBAN invalide/) } });
    expect((await getSettings(h.db)).versions.company).toBe(s.versions.company);
  });

  it("a service area that excludes every technician's base is refused", async () => {
    const s = await getSettings(h.db);
    const outcome = await saveConsoleSettings(ADMIN, { key: "service_area", value: { communes: [], departements: ["33"], radiusKm: null }, expectedVersion: s.versions.service_area }, consoleDeps());
    expect(outcome).toMatchObject({ status: "invalid", fieldErrors: { _: expect.stringMatching(/exclut le point de départ de tous les techniciens/) } });
  });

  it("a technician who is not an active HubSpot user cannot be added", async () => {
    const s = await getSettings(h.db);
    const stranger = { ...s.technicians[0]!, ownerId: "99999999", firstName: "Inconnu" };
    const outcome = await saveConsoleSettings(ADMIN, { key: "technicians", value: [...s.technicians, stranger], expectedVersion: s.versions.technicians }, consoleDeps());
    expect(outcome).toMatchObject({ status: "invalid", fieldErrors: { [`${s.technicians.length}.ownerId`]: "Inconnu n'est pas un utilisateur actif du compte HubSpot." } });
  });

  it("a day off over a booking: the booking is shown before saving; confirmed, it is saved, audited, the booking kept, and the day's slots change", async () => {
    const booked = await bookAppointment(CAMILLE, { service: "depannage", start: WED_8H, technicianId: JULIEN, address: "12 rue Royale, 69001 Lyon", idempotencyKey: randomUUID() }, deps(h.db));
    expect(booked.status).toBe("booked");
    const day = "2026-11-25";
    const julienBefore = (await listSlots(CAMILLE, { service: "depannage", from: day, to: day }, deps(h.db))).days.flatMap((d) => d.slots).filter((x) => x.technicianId === JULIEN);
    expect(julienBefore.length).toBeGreaterThan(0);

    const s = await getSettings(h.db);
    const value = s.technicians.map((t) => (t.ownerId === JULIEN ? { ...t, daysOff: [...t.daysOff, day] } : t));
    const first = await saveConsoleSettings(OFFICE, { key: "technicians", value, expectedVersion: s.versions.technicians }, consoleDeps());
    expect(first).toMatchObject({ status: "affects_appointments", conflicts: [{ technicianId: JULIEN, technicianName: "Julien", start: WED_8H, source: "reservation", reason: "day_off" }] });
    expect((await getSettings(h.db)).versions.technicians).toBe(s.versions.technicians);

    const second = await saveConsoleSettings(OFFICE, { key: "technicians", value, expectedVersion: s.versions.technicians, acknowledgeConflicts: true }, consoleDeps());
    expect(second).toMatchObject({ status: "saved", version: s.versions.technicians + 1 });
    const audit = (await h.db.select().from(staffAudit)).filter((r) => r.action === "settings.technicians.save");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staffEmail: OFFICE.email, role: "office", reason: "1 rendez-vous touchés, confirmé" });
    expect(JSON.stringify(audit[0]!.after)).toContain(day);

    const julienAfter = (await listSlots(CAMILLE, { service: "depannage", from: day, to: day }, deps(h.db))).days.flatMap((d) => d.slots).filter((x) => x.technicianId === JULIEN);
    expect(julienAfter).toEqual([]);

    // Saving again from the old version is refused: someone saved in between.
    const stale = await saveConsoleSettings(OFFICE, { key: "technicians", value, expectedVersion: s.versions.technicians, acknowledgeConflicts: true }, consoleDeps());
    expect(stale).toMatchObject({ status: "stale", currentVersion: s.versions.technicians + 1 });
  });

  it("a service added by an administrator is offered and booked under its own name (HubSpot gets its intervention type)", async () => {
    const s = await getSettings(h.db);
    const pose = { id: "pose_prises", type: "depannage" as const, label: "Pose de prises", description: "Ajout de prises de courant.", en: { label: "Socket installation", description: "New sockets." }, durationMinutes: 60, requiredSkills: ["depannage" as const], booking: "online" as const };
    expect(await saveConsoleSettings(ADMIN, { key: "services", value: [...s.services, pose], expectedVersion: s.versions.services }, consoleDeps())).toMatchObject({ status: "saved" });
    const listing = await listSlots(CAMILLE, { service: "pose_prises" }, deps(h.db));
    const slot = listing.days.flatMap((d) => d.slots)[0]!;
    const booked = await bookAppointment(CAMILLE, { service: "pose_prises", start: slot.start, technicianId: slot.technicianId, address: "12 rue Royale, 69001 Lyon", idempotencyKey: randomUUID() }, deps(h.db));
    expect(booked).toMatchObject({ status: "booked", booking: { service: "pose_prises", serviceType: "depannage", serviceLabel: "Pose de prises", serviceLabelEn: "Socket installation" } });
  });

  it("hostile input (wrong type, empty, too long, unknown section) is refused with French messages and changes nothing", async () => {
    const s = await getSettings(h.db);
    const cases: [Parameters<typeof saveConsoleSettings>[1], RegExp][] = [
      [{ key: "company", value: "not an object", expectedVersion: s.versions.company }, /./],
      [{ key: "company", value: { ...s.company, legalName: "" }, expectedVersion: s.versions.company }, /Raison sociale : champ obligatoire/],
      [{ key: "company", value: { ...s.company, legalName: "x".repeat(500) }, expectedVersion: s.versions.company }, /120 caractères au plus/],
      [{ key: "services", value: [{ id: "Bad Id!", label: 3 }], expectedVersion: s.versions.services }, /./],
      [{ key: "closures", value: { publicHolidays: "yes", periods: [] }, expectedVersion: s.versions.closures }, /./],
    ];
    for (const [input, message] of cases) {
      const outcome = await saveConsoleSettings(ADMIN, input, consoleDeps());
      expect(outcome.status, JSON.stringify(input).slice(0, 80)).toBe("invalid");
      expect(Object.values((outcome as { fieldErrors: Record<string, string> }).fieldErrors).join(" ")).toMatch(message);
    }
    await expect(saveConsoleSettings(ADMIN, { key: "payroll" as never, value: {}, expectedVersion: 0 }, consoleDeps())).rejects.toThrow();
    const after = await getSettings(h.db);
    expect(after.versions).toEqual(s.versions);
    expect(after.company).toEqual(s.company);
  });
});

