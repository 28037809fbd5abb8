import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { quoteSigningSessions } from "@/lib/db/schema";
import { getCustomer, getQuote } from "@/lib/hubspot/queries";
import { currentDb } from "@/lib/db/current";
import { ensureQuoteOriginal, type QuoteOriginal } from "./quote-original";
import { loadQuoteDecisions, withDecision } from "./quote-state";

/**
 * The customer opens a quote: the first opening is recorded (evidence: "opened at"), and the PDF
 * they are about to read is stored as the original. Only quotes still to sign get a signing
 * session; opening a signed or expired quote records nothing.
 */
export async function recordQuoteOpened(contactId: string, quoteId: string, now = new Date()): Promise<{ openedAt: Date; original: QuoteOriginal } | null> {
  const [quote, customer] = await Promise.all([getQuote(contactId, quoteId), getCustomer(contactId)]);
  const db = await currentDb();
  const decided = withDecision(quote, (await loadQuoteDecisions(db, [quote.id])).get(quote.id));
  if (decided.status !== "to_sign") return null;
  const original = await ensureQuoteOriginal(db, contactId, quote, customer);
  await db
    .insert(quoteSigningSessions)
    .values({ id: randomUUID(), quoteId: quote.id, contactId, openedAt: now, originalId: original.id })
    .onConflictDoNothing();
  const [session] = await db
    .select({ openedAt: quoteSigningSessions.openedAt })
    .from(quoteSigningSessions)
    .where(and(eq(quoteSigningSessions.quoteId, quote.id), eq(quoteSigningSessions.contactId, contactId)));
  return { openedAt: session?.openedAt ?? now, original };
}
