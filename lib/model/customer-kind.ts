import type { Customer, Quote } from "./types";

/**
 * Consumer or business: one rule for every document. Only a customer HubSpot marks as a business
 * (portal_customer_type = professionnel) is one; unknown is a consumer, the protective default.
 */
export function isConsumerCustomer(customer: Pick<Customer, "kind">): boolean {
  return customer.kind !== "business";
}

/** A quote's own flag when HubSpot has it (the contract's party), else the customer's kind. */
export function isConsumerQuote(quote: Pick<Quote, "isConsumer">, customer: Pick<Customer, "kind">): boolean {
  return quote.isConsumer ?? isConsumerCustomer(customer);
}
