/**
 * French geography (ground layer): the official communes and their postcodes offline, the address
 * check, the service area, and geocoding with the Base Adresse Nationale. Server side; the browser
 * imports `lib/geo/address-format` only.
 */
import { getEnv } from "@/lib/env";
import { processSingleton } from "@/lib/process/singleton";
import { createBanGeocoder, type BanGeocoder } from "./ban";

export { checkFrenchAddress, type AddressCheck } from "./address";
export { ADDRESS_MESSAGES, mentionsAbroad, splitOneLineAddress } from "./address-format";
export { describeServiceArea, distanceKm, isInServiceArea, serviceAreaSchema, type ServiceArea } from "./area";
export { communeOfAddress, createBanGeocoder, GEOCODE_TTL_MS, type AddressSuggestion, type BanGeocoder, type GeocodePrecision, type GeocodeResult } from "./ban";
export { communeByCode, communeIndex, communesForPostalCode, departementByCode, searchCommunes, type Commune, type Departement, type GeoPoint } from "./communes";
export { words } from "./text";

/** The process's BAN geocoder, configured by BAN_API_URL and BAN_TIMEOUT_MS. */
export function banGeocoder(): BanGeocoder {
  return processSingleton("__duretBanGeocoder", () => {
    const env = getEnv();
    return createBanGeocoder({ baseUrl: env.banApiUrl, timeoutMs: env.BAN_TIMEOUT_MS });
  });
}
