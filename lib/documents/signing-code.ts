import "server-only";
import { quoteSigningSessions } from "@/lib/db/schema";
import { STANDARD_CODE_POLICY, defineCodeStore, digitCodes } from "@/lib/one-time-code";

/**
 * The quote-signing code, kept on the signing session: a new code overwrites the last one (tries
 * back to 0), a spent one has its hash cleared. 6 digits, scrypt hash, 10 minutes, 5 tries; at most
 * 5 codes an hour and one every 30 seconds per quote (SMS pumping).
 */
export const quoteSigningCodes = defineCodeStore({
  table: quoteSigningSessions,
  fields: { hash: "codeHash", tries: "codeTries", expiresAt: "codeExpiresAt" },
  scheme: digitCodes,
  policy: { ...STANDARD_CODE_POLICY, maxIssuedPerHour: 5, resendAfterMs: 30_000 },
});
