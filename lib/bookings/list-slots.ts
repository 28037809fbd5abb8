import "server-only";
import { z } from "zod";
import type { GeoPoint } from "./availability";
import { loadBusy } from "./calendar";
import { getService, serviceIdSchema } from "./catalogue";
import { computeSlots, type SlotsResult } from "./slots";
import { formatAddress } from "@/lib/contact/address-match";
import { addressRefusal, placeAddress } from "./place-address";
import { typedAddressSchema } from "./schemas";
import { addressSchema, bookingIdSchema, loadBooking, offeredService, resolveDeps, type BookingDeps, type ResolvedDeps } from "./store";
import { addDays, isValidDate, parisDateOf, parisDayBounds } from "@/lib/time/paris";

/**
 * Bookable times for a service at the customer's address (or for moving an existing booking:
 * same service and address, its own time not counted as busy). One HubSpot search (cached) for the
 * technicians' meetings plus one query of the portal's reservations, then the pure engine.
 */
export const listSlotsInput = z.object({
  service: serviceIdSchema,
  /** Defaults to the address on file. */
  address: addressSchema.optional(),
  /** An address typed in the flow (checked field by field: France, its town's postcode, the area). */
  typedAddress: typedAddressSchema.optional(),
  /** Paris dates to narrow the search. */
  from: z.string().refine(isValidDate).optional(),
  to: z.string().refine(isValidDate).optional(),
});
export type ListSlotsInput = z.input<typeof listSlotsInput>;

export interface SlotChoice {
  start: string;
  end: string;
  localTime: string;
  /** The technician offered for this time (nearby job first, then the closest). */
  technicianId: string;
  technicianName: string | null;
  nearbyJob: boolean;
}

export interface SlotListing {
  bookable: boolean;
  /** `address_needed`: no address given and none on file (a new customer): the flow asks for one. */
  reason: SlotsResult["reason"] | "address_needed";
  address: string | null;
  days: { date: string; slots: SlotChoice[] }[];
  earliestDate: string;
  latestDate: string;
}

export async function locate(d: ResolvedDeps, address: string | null, fallback: GeoPoint | null): Promise<GeoPoint | null> {
  if (!address) return fallback;
  return (await d.geocoder.geocode(address)) ?? null;
}

/** Runs the engine for one service/location over [from, to] (Paris dates). */
export async function computeListing(
  d: ResolvedDeps,
  input: { service: ReturnType<typeof getService>; location: GeoPoint | null; address: string | null; from?: string; to?: string; ignoreBusyIds?: string[]; fresh?: boolean; technicianIds?: string[] },
): Promise<SlotListing> {
  const { rules } = d.policy;
  const today = parisDateOf(d.now.getTime());
  const from = input.from ?? today;
  const to = input.to ?? addDays(today, rules.horizonDays);
  // The calendar says who is offered (configured and active in HubSpot); the settings in force give their hours.
  const technicians = (await d.calendar.technicians())
    .map((t) => d.policy.technicians.find((p) => p.id === t.id))
    .filter((t): t is NonNullable<typeof t> => t !== undefined && (!input.technicianIds || input.technicianIds.includes(t.id)));
  if (input.service.booking !== "online") return empty("request_only");
  const ids = technicians.filter((t) => input.service.requiredSkills.every((s) => t.skills.includes(s))).map((t) => t.id);
  const busy = await loadBusy(
    d.db,
    d.calendar,
    ids,
    new Date(parisDayBounds(addDays(from, -1)).start).toISOString(),
    new Date(parisDayBounds(addDays(to, 1)).end).toISOString(),
    { fresh: input.fresh },
  );
  const result = computeSlots({ service: input.service, customerLocation: input.location, technicians, busy, rules, now: d.now, ignoreBusyIds: input.ignoreBusyIds, from, to });
  const names = new Map(technicians.map((t) => [t.id, t.firstName]));
  return {
    bookable: result.bookable,
    reason: result.reason,
    address: input.address,
    earliestDate: result.earliestDate,
    latestDate: result.latestDate,
    days: result.days.map((day) => ({
      date: day.date,
      slots: day.slots.map((s) => ({
        start: s.start,
        end: s.end,
        localTime: s.localTime,
        technicianId: s.technicianIds[0]!,
        technicianName: names.get(s.technicianIds[0]!) ?? null,
        nearbyJob: s.nearbyJob,
      })),
    })),
  };

  function empty(reason: SlotsResult["reason"]): SlotListing {
    return { bookable: false, reason, address: input.address, days: [], earliestDate: today, latestDate: addDays(today, rules.horizonDays) };
  }
}

/** Nothing bookable, and why (no address yet, or outside the area). */
function emptyListing(d: ResolvedDeps, reason: SlotListing["reason"], address: string | null): SlotListing {
  const today = parisDateOf(d.now.getTime());
  return { bookable: false, reason, address, days: [], earliestDate: today, latestDate: addDays(today, d.policy.rules.horizonDays) };
}

export async function listSlots(contactId: string, raw: ListSlotsInput, deps?: BookingDeps): Promise<SlotListing> {
  const input = listSlotsInput.parse(raw);
  const d = await resolveDeps(deps);
  const service = offeredService(input.service, d.policy);
  const typed = input.typedAddress ? formatAddress(input.typedAddress) : undefined;
  const given = typed ?? input.address;
  const customer = given ? null : await d.customer(contactId);
  const address = given ?? customer?.address ?? null;
  // Nothing to locate (a customer who has never given an address): ask for one, not "outside the area".
  if (!address && !customer?.geo && service.booking === "online") return emptyListing(d, "address_needed", null);
  if (!address) return computeListing(d, { service, location: customer?.geo ?? null, address, from: input.from, to: input.to });
  // France's communes and the area in force (the console's); a typed address refused says why on its field.
  const placed = service.booking === "online" ? await placeAddress(d, address, { typed: Boolean(typed), fallback: customer?.geo ?? null }) : null;
  if (placed && !placed.inside) {
    if (typed) throw addressRefusal(placed.message, true);
    return emptyListing(d, "outside_service_area", address);
  }
  return computeListing(d, { service, location: placed?.location ?? null, address, from: input.from, to: input.to });
}

/** Times a booking can move to: same service and address; its current time is not busy for itself. */
export async function listRescheduleSlots(contactId: string, bookingId: string, deps?: BookingDeps): Promise<SlotListing & { bookingId: string }> {
  bookingIdSchema.parse(bookingId);
  const d = await resolveDeps(deps);
  const { current } = await loadBooking(d.db, contactId, bookingId);
  const service = getService(current.serviceType, d.policy.services);
  const location = current.locationLat !== null && current.locationLng !== null ? { lat: current.locationLat, lng: current.locationLng } : await locate(d, current.address, null);
  const listing = await computeListing(d, { service, location, address: current.address, ignoreBusyIds: [current.id] });
  return { ...listing, bookingId };
}
