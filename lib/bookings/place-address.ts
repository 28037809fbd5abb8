import "server-only";
import { AppError } from "@/lib/errors";
import { ADDRESS_MESSAGES, checkFrenchAddress, communeOfAddress, describeServiceArea, isInServiceArea, splitOneLineAddress, type Commune } from "@/lib/geo";
import type { GeoPoint } from "./availability";
import type { ResolvedDeps } from "./store";

/** Where an address stands for booking: inside the configured area (with its point, if known), or not. */
export type Placement = { inside: true; commune: Commune; location: GeoPoint } | { inside: false; message: string };

/** Refused address: the field's French message, as a form field error (`typedAddress`) when the customer typed it. */
export function addressRefusal(message: string, typed: boolean): AppError {
  return new AppError("VALIDATION", `address refused: ${message}`, { userMessage: message, details: typed ? { fieldErrors: { typedAddress: message } } : undefined });
}

/**
 * Checks an address against France's communes and the service area in force (the console's: listed
 * communes, départements, a radius around the technicians' bases), and locates it. A typed address
 * whose postcode is not its town's is refused with the field's message; a saved one (written before,
 * or in HubSpot) is read by its postcode. The point is the BAN's, else the customer's known one, else
 * the commune's centre: a valid in-area address is never refused for want of a precise point.
 */
export async function placeAddress(d: ResolvedDeps, address: string, opts: { typed: boolean; fallback?: GeoPoint | null }): Promise<Placement> {
  const area = d.policy.serviceArea;
  const split = splitOneLineAddress(address);
  let commune: Commune | null = null;
  if (split) {
    const check = checkFrenchAddress(split);
    if (check.ok) commune = check.commune;
    else if (opts.typed) throw addressRefusal(check.message, true);
  }
  commune ??= communeOfAddress(address);
  if (!commune) {
    if (opts.typed) throw addressRefusal(ADDRESS_MESSAGES.format, true);
    return { inside: false, message: ADDRESS_MESSAGES.format };
  }
  const location = (await d.geocoder.geocode(address)) ?? opts.fallback ?? commune.centre;
  const bases = d.policy.technicians.map((t) => t.home);
  if (!area || !isInServiceArea({ commune, point: location }, area, bases)) {
    return { inside: false, message: area ? ADDRESS_MESSAGES.outsideArea(describeServiceArea(area)) : ADDRESS_MESSAGES.noArea };
  }
  return { inside: true, commune, location };
}
