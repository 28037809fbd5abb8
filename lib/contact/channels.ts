import type { Customer } from "@/lib/model/types";
import { parseEmail } from "./email";
import { toMobileE164 } from "./phone";

/** Where to reach a customer: a valid email, a number an SMS can reach (E.164), their language. */
export interface ContactChannels {
  email: string | null;
  phone: string | null;
  locale: "fr" | "en";
}

export function channelsOf(customer: Pick<Customer, "email" | "phone" | "language">): ContactChannels {
  return { email: parseEmail(customer.email), phone: toMobileE164(customer.phone), locale: customer.language };
}
