import { formatAddress, matchesAddress } from "@/lib/contact/address-match";
import type { SavedAddress } from "@/lib/model/types";

/**
 * The booking form's address choices (pure: used by the client form and tested as is): one
 * option per address of the customer's address book (lib/account `listAddresses`), default
 * first, then "another address" typed by hand. The server validates whatever is sent (zod
 * `addressSchema`, then the service-area check), saved or typed.
 */
export interface AddressOption {
  id: string;
  label: string | null;
  /** One line, as booked: "12 rue Royale, 69001 Lyon". */
  text: string;
}

/** The radio value of "another address". */
export const OTHER_ADDRESS = "autre";

export function addressOptions(saved: readonly SavedAddress[]): AddressOption[] {
  const seen = new Set<string>();
  const out: AddressOption[] = [];
  for (const a of [...saved].sort((x, y) => Number(y.isDefault) - Number(x.isDefault))) {
    const text = formatAddress(a);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push({ id: a.id, label: a.label, text });
  }
  return out;
}

/**
 * What the form starts with: the saved address the slots were computed for (the one on file),
 * else the first saved one, else "another address" with the pre-filled text.
 */
export function initialAddressChoice(options: readonly AddressOption[], current: string | null | undefined, saved: readonly SavedAddress[] = []): { choice: string; text: string } {
  if (current) {
    const byText = options.find((o) => o.text.trim().toLowerCase() === current.trim().toLowerCase());
    if (byText) return { choice: byText.id, text: byText.text };
    const match = saved.find((a) => matchesAddress(current, a));
    const option = match ? options.find((o) => o.id === match.id) : undefined;
    if (option) return { choice: option.id, text: option.text };
    return { choice: OTHER_ADDRESS, text: current };
  }
  const first = options[0];
  return first ? { choice: first.id, text: first.text } : { choice: OTHER_ADDRESS, text: "" };
}
