import type { GeoPoint } from "./availability";

/**
 * Address → coordinates. The booking flow depends on this interface only: the Base Adresse
 * Nationale's geocoder (lib/geo, cached, with the commune's centre as fallback) by default, a fake in
 * tests.
 */
export interface Geocoder {
  geocode(address: string): Promise<GeoPoint | null>;
}
