import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { Customer } from "@/lib/model/types";

/** Where to reach a customer: a valid email, a mobile-capable E.164 number, their language. */
export function channelsOf(customer: Customer): { email: string | null; phone: string | null; locale: "fr" | "en" } {
  const email = customer.email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customer.email) ? customer.email : null;
  const parsed = customer.phone ? parsePhoneNumberFromString(customer.phone, "FR") : undefined;
  return { email, phone: parsed?.isValid() ? parsed.number : null, locale: customer.language };
}
