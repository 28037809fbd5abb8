/**
 * One-time codes: 6-digit codes and link tokens, hashed, with tries, expiry and an hourly issue
 * limit. Used by sign-in (lib/auth/attempts), account verifications (lib/account/verification-codes)
 * and quote signing (lib/documents/signing-code); each keeps its own table and its own messages.
 */
export * from "./policy";
export * from "./secrets";
export * from "./store";
