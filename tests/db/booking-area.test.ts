import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyFromSettings } from "@/lib/bookings/config";
import { listSlots } from "@/lib/bookings/list-slots";
import type { Geocoder } from "@/lib/bookings/geocoder";
import type { DbHandle } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { ADDRESS_MESSAGES, type ServiceArea } from "@/lib/geo";
import { DEMO_SETTINGS } from "@/lib/settings/demo-seed";
import { openTestDb } from "@/tests/support/db";
import { CAMILLE, deps } from "@/tests/bookings/support";

/**
 * The booking flow checks a typed address against France's communes and the area in force (the
 * console's), server side: any commune of a listed département is bookable, wherever the
 * technicians live; outside, the field says where the company works.
 */
let h: DbHandle;
beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => {
  await h?.close();
});

const policy = (serviceArea: ServiceArea | null) =>
  policyFromSettings({
    bookingRules: DEMO_SETTINGS.booking_rules,
    closures: DEMO_SETTINGS.closures,
    services: DEMO_SETTINGS.services,
    technicians: DEMO_SETTINGS.technicians,
    serviceArea,
  });
/** The BAN out of reach: the commune's centre stands in. */
const noGeocoder: Geocoder = { geocode: async () => null };
const rhone = policy({ communes: [], departements: ["69"], radiusKm: null });

async function refusal(promise: Promise<unknown>): Promise<{ message: string; field?: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { message: error.userMessage, field: (error.details?.fieldErrors as Record<string, string> | undefined)?.typedAddress };
  }
  throw new Error("accepted");
}

describe("booking within the configured area", () => {
  it("a département's communes are bookable: Villefranche-sur-Saône 69400 and Givors 69700", async () => {
    for (const typedAddress of ["12 rue Nationale, 69400 Villefranche-sur-Saône", "3 place de la Liberté, 69700 Givors"]) {
      const listing = await listSlots(CAMILLE, { service: "depannage", typedAddress }, deps(h.db, { policy: rhone, geocoder: noGeocoder }));
      expect(listing.bookable).toBe(true);
      expect(listing.days.length).toBeGreaterThan(0);
    }
  });

  it("Bordeaux is refused on the field, with a friendly message naming the area", async () => {
    const r = await refusal(listSlots(CAMILLE, { service: "depannage", typedAddress: "1 cours de l'Intendance, 33000 Bordeaux" }, deps(h.db, { policy: rhone, geocoder: noGeocoder })));
    expect(r).toEqual({ message: ADDRESS_MESSAGES.outsideArea("le Rhône (69)"), field: ADDRESS_MESSAGES.outsideArea("le Rhône (69)") });
  });

  it("a postcode that is not the town's is refused on the field, by the server", async () => {
    const r = await refusal(listSlots(CAMILLE, { service: "depannage", typedAddress: "12 rue de la République, 69100 Bron" }, deps(h.db, { policy: rhone, geocoder: noGeocoder })));
    expect(r.field).toBe("Le code postal 69100 est celui de Villeurbanne, pas de Bron. Vérifiez le code postal ou la ville.");
  });

  it("69003 Lyon is Lyon 3e: inside an area listing Lyon's code", async () => {
    const lyon = policy({ communes: ["69123"], departements: [], radiusKm: null });
    const listing = await listSlots(CAMILLE, { service: "depannage", typedAddress: "8 cours Gambetta, 69003 Lyon" }, deps(h.db, { policy: lyon, geocoder: noGeocoder }));
    expect(listing.bookable).toBe(true);
    const outside = await refusal(listSlots(CAMILLE, { service: "depannage", typedAddress: "1 avenue Henri Barbusse, 69100 Villeurbanne" }, deps(h.db, { policy: lyon, geocoder: noGeocoder })));
    expect(outside.field).toBe(ADDRESS_MESSAGES.outsideArea("Lyon"));
  });

  it("no area configured yet: nothing is booked online, and the field says so", async () => {
    const r = await refusal(listSlots(CAMILLE, { service: "depannage", typedAddress: "8 cours Gambetta, 69003 Lyon" }, deps(h.db, { policy: policy(null), geocoder: noGeocoder })));
    expect(r.field).toBe(ADDRESS_MESSAGES.noArea);
  });

  it("a saved address outside the area: not bookable online, no error", async () => {
    const listing = await listSlots(CAMILLE, { service: "depannage", address: "3 La Canebière, 13001 Marseille" }, deps(h.db, { policy: rhone, geocoder: noGeocoder }));
    expect(listing).toMatchObject({ bookable: false, reason: "outside_service_area", days: [] });
  });
});
