/**
 * Does an intervention's or appointment's address (free text from HubSpot or a booking) designate
 * one of the customer's addresses? Pure (no server-only): list pages filter with it.
 * Accents, case, punctuation and spacing are ignored; the street line and the postcode must both
 * appear ("12 rue Paul-Bert, 69003 Lyon" matches "12 Rue Paul Bert" + "69003").
 */
export function normalizeAddressText(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** A saved address on one line, as lists show it and bookings store it: "12 rue Royale, 69001 Lyon". */
export function formatAddress(a: { line: string; zip: string; city: string }): string {
  return `${a.line}, ${a.zip} ${a.city}`;
}

export function matchesAddress(itemAddress: string | null | undefined, address: { line: string; zip: string }): boolean {
  if (!itemAddress) return false;
  const text = ` ${normalizeAddressText(itemAddress)} `;
  return text.includes(` ${normalizeAddressText(address.line)} `) && text.includes(` ${normalizeAddressText(address.zip)} `);
}

/** Keeps the items whose address (read by `addressOf`) matches; everything when no address is chosen. */
export function filterByAddress<T>(items: T[], address: { line: string; zip: string } | null | undefined, addressOf: (item: T) => string | null | undefined): T[] {
  if (!address) return items;
  return items.filter((item) => matchesAddress(addressOf(item), address));
}
