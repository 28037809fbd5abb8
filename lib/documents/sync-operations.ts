/** Outbox operation names of the documents domain (lib/documents/sync-quote-decisions.ts). */
export const QUOTE_SIGNED_OPERATION = "quote.signed";
export const QUOTE_REFUSED_OPERATION = "quote.refused";
