import { describe, expect, it } from "vitest";
import { createStaticGeocoder } from "@/lib/bookings/geocoder";
import { getService, listBookableServices, parseCatalogue, SERVICE_CATALOGUE, serviceLabel, serviceText } from "@/lib/bookings/catalogue";
import { INTERVENTION_TYPES } from "@/lib/model/vocabulary";
import { TOWNS } from "@/sandbox/seed/data";

describe("service catalogue", () => {
  it("covers every intervention type once, with French labels", () => {
    expect(SERVICE_CATALOGUE.map((s) => s.type).sort()).toEqual(INTERVENTION_TYPES.map((t) => t.value).sort());
    expect(getService("depannage")).toMatchObject({ label: "Dépannage électrique", durationMinutes: 90, booking: "online" });
    expect(getService("mise_aux_normes").booking).toBe("request");
    expect(listBookableServices().map((s) => s.type)).not.toContain("mise_aux_normes");
  });

  it("speaks English to an English reader: every service has its own English label and description", () => {
    expect(serviceLabel("depannage", "en")).toBe("Electrical repair");
    expect(serviceLabel("depannage", "fr")).toBe("Dépannage électrique");
    for (const service of SERVICE_CATALOGUE) {
      const en = serviceText(service, "en");
      const fr = serviceText(service, "fr");
      expect(en.label).not.toBe(fr.label);
      expect(en.description).not.toBe(fr.description);
      // No French accents left in the English text (a copy-paste of the French one).
      expect(`${en.label} ${en.description}`).not.toMatch(/[éèêàç]/);
    }
    // A catalogue entry without its English text is refused at start-up.
    expect(() => parseCatalogue(SERVICE_CATALOGUE.map((s) => ({ ...s, en: undefined })))).toThrow();
  });

  it("refuses a catalogue with a missing type or a bad duration", () => {
    expect(() => parseCatalogue(SERVICE_CATALOGUE.slice(1))).toThrow(/depannage/);
    expect(() => parseCatalogue(SERVICE_CATALOGUE.map((s) => ({ ...s, durationMinutes: 0 })))).toThrow();
    expect(() => parseCatalogue(SERVICE_CATALOGUE.map((s) => ({ ...s, requiredSkills: ["plomberie"] })))).toThrow();
  });
});

describe("static geocoder", () => {
  const geocoder = createStaticGeocoder(TOWNS);

  it("finds a seed town by postcode, then by name (accents and case ignored)", async () => {
    expect(await geocoder.geocode("12 rue Mercière, 69002 Lyon")).toEqual({ lat: 45.7505, lng: 4.8275 });
    expect(await geocoder.geocode("3 chemin de la Raude, TASSIN LA DEMI LUNE")).toEqual({ lat: 45.7631, lng: 4.7523 });
    expect(await geocoder.geocode("8 avenue Maréchal Foch, Sainte-Foy-les-Lyon")).toEqual({ lat: 45.7339, lng: 4.8025 });
  });

  it("returns null outside the known towns", async () => {
    expect(await geocoder.geocode("1 place Bellecour, 75001 Paris")).toBeNull();
  });
});
