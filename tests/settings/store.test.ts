import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDbForTests } from "@/lib/db/current";
import { DEMO_SETTINGS, getSettings, saveSettingsSection, SETTINGS_SCHEMAS, type SettingsKey } from "@/lib/settings";
import { asDb } from "@/lib/db/current";
import type { DbHandle } from "@/lib/db/client";
import { openTestDb } from "../support/db";

let t: DbHandle;
beforeAll(async () => {
  t = await openTestDb();
  setDbForTests(t.db);
});
afterAll(async () => {
  setDbForTests(undefined);
  await t.close();
});

describe("settings store", () => {
  it("the demo seed passes every section's schema", () => {
    for (const key of Object.keys(SETTINGS_SCHEMAS) as SettingsKey[]) {
      expect(SETTINGS_SCHEMAS[key].safeParse(DEMO_SETTINGS[key]).error?.issues ?? []).toEqual([]);
    }
  });

  it("on the sandbox, sections never saved get the demo seed (version 1)", async () => {
    const s = await getSettings();
    expect(s.company?.tradeName).toBe("Duret Électricité");
    expect(s.technicians.map((x) => x.ownerId)).toContain("71234501");
    expect(s.versions.services).toBe(1);
  });

  it("saves a valid section with the version it edited; a stale version or bad input changes nothing", async () => {
    const before = await getSettings();
    const closures = { publicHolidays: true, periods: [{ from: "2027-08-09", to: "2027-08-13", label: "Congés d'été" }] };
    const saved = await t.db.transaction((tx) => saveSettingsSection(asDb(tx), "closures", closures, { expectedVersion: before.versions.closures, updatedBy: "test@example.com" }));
    expect(saved).toMatchObject({ ok: true, version: before.versions.closures + 1, after: closures });
    expect((await getSettings()).closures.periods).toHaveLength(1);

    const stale = await t.db.transaction((tx) => saveSettingsSection(asDb(tx), "closures", { publicHolidays: false, periods: [] }, { expectedVersion: before.versions.closures, updatedBy: "x" }));
    expect(stale).toEqual({ ok: false, reason: "conflict", currentVersion: before.versions.closures + 1 });

    const bad = await t.db.transaction((tx) =>
      saveSettingsSection(asDb(tx), "closures", { publicHolidays: true, periods: [{ from: "2027-08-13", to: "2027-08-09", label: "x" }] }, { expectedVersion: before.versions.closures + 1, updatedBy: "x" }),
    );
    expect(bad).toMatchObject({ ok: false, reason: "invalid", issues: [{ path: "periods.0.to", message: "La date de fin doit être le jour du début ou après" }] });
    expect((await getSettings()).closures.periods).toHaveLength(1);
  });
});

describe("settings schemas: bad input gets a French message", () => {
  const company = DEMO_SETTINGS.company;
  const issues = (key: SettingsKey, value: unknown) => SETTINGS_SCHEMAS[key].safeParse(value).error?.issues.map((i) => i.message) ?? [];

  it("SIRET failing its Luhn check", () => {
    expect(issues("company", { ...company, siret: "84231765300018" })).toContain("SIRET invalide : 14 chiffres dont la clé de contrôle (Luhn) ne correspond pas");
  });
  it("IBAN with a bad checksum", () => {
    expect(issues("company", { ...company, bank: { iban: "FR76 3000 6000 0112 3456 7890 188", bic: null, beneficiary: null } })[0]).toMatch(/IBAN invalide/);
  });
  it("VAT number of another SIREN", () => {
    expect(issues("company", { ...company, vatNumber: "FR55842317653" })[0]).toMatch(/incohérent avec le SIREN/);
  });
  it("overlapping hours, an end before a start, a technician without skills", () => {
    const tech = DEMO_SETTINGS.technicians[0]!;
    expect(issues("technicians", [{ ...tech, weekly: { mon: [{ start: "08:00", end: "12:00" }, { start: "11:00", end: "14:00" }] } }])).toContain("Les plages horaires du lundi se chevauchent");
    expect(issues("technicians", [{ ...tech, weekly: { mon: [{ start: "12:00", end: "08:00" }] } }])).toContain("L'heure de fin doit être après l'heure de début");
    expect(issues("technicians", [{ ...tech, skills: [] }])).toContain("Un technicien doit avoir au moins une compétence");
  });
});
