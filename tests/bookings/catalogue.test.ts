import { describe, expect, it } from "vitest";
import { findOfferedService, getService, listBookableServices, listOfferedServices, serviceLabel, serviceText } from "@/lib/bookings/catalogue";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";
import { servicesSchema } from "@/lib/settings/schemas";

const CATALOGUE = DEMO_SETTINGS.services;

describe("service catalogue (the demo's, from lib/settings)", () => {
  it("finds a service by id, lists what is bookable online", () => {
    expect(getService("depannage", CATALOGUE)).toMatchObject({ label: "Dépannage électrique", durationMinutes: 90, booking: "online" });
    expect(getService("mise_aux_normes", CATALOGUE).booking).toBe("request");
    expect(listBookableServices(CATALOGUE).map((s) => s.id)).not.toContain("mise_aux_normes");
  });

  it("a service removed or withdrawn after it was booked still names its bookings, and is no longer offered", () => {
    const withdrawn = CATALOGUE.map((s) => (s.id === "entretien" ? { ...s, booking: "withdrawn" as const } : s));
    expect(findOfferedService("entretien", withdrawn)).toBeNull();
    expect(listOfferedServices(withdrawn).map((s) => s.id)).not.toContain("entretien");
    expect(serviceLabel("entretien", "fr", withdrawn)).toBe("Contrôle / entretien");
    expect(getService("diagnostic", [])).toMatchObject({ label: "Diagnostic", booking: "withdrawn" });
    expect(findOfferedService("plomberie", CATALOGUE)).toBeNull();
  });

  it("speaks English to an English reader: every service has its own English label and description", () => {
    expect(serviceLabel("depannage", "en", CATALOGUE)).toBe("Electrical repair");
    expect(serviceLabel("depannage", "fr", CATALOGUE)).toBe("Dépannage électrique");
    for (const service of CATALOGUE) {
      const en = serviceText(service, "en");
      const fr = serviceText(service, "fr");
      expect(en.label).not.toBe(fr.label);
      expect(en.description).not.toBe(fr.description);
      // No French accents left in the English text (a copy-paste of the French one).
      expect(`${en.label} ${en.description}`).not.toMatch(/[éèêàç]/);
    }
  });

  it("refuses a service without English text, with a bad duration, an unknown skill or a duplicate id", () => {
    const issues = (list: unknown) => servicesSchema.safeParse(list).error?.issues.map((i) => i.message) ?? [];
    expect(issues(CATALOGUE.map((s) => ({ ...s, en: undefined })))).not.toEqual([]);
    expect(issues(CATALOGUE.map((s) => ({ ...s, durationMinutes: 0 })))).toContain("Durée : 15 minutes au moins");
    expect(issues(CATALOGUE.map((s) => ({ ...s, requiredSkills: ["plomberie"] })))).toContain("Type d'intervention inconnu");
    expect(issues(CATALOGUE.map((s) => ({ ...s, requiredSkills: [] })))).toContain("Indiquez au moins une compétence requise");
    expect(issues([...CATALOGUE, CATALOGUE[0]])).toContain("Identifiant « depannage » déjà utilisé par une autre prestation");
  });
});
