import "server-only";
import { eq } from "drizzle-orm";
import { forgetContactRows } from "@/lib/memory-cache/row-memory";
import { quoteDecisions } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { enqueueHubSpotWrite, wakeOutbox } from "@/lib/outbox";
import { asDb, currentDb } from "@/lib/db/current";
import { loadSignableQuote } from "./request-signing-code";
import { QUOTE_REFUSED_OPERATION } from "./sync-operations";

/**
 * The customer refuses a quote with a reason: recorded at once (one decision per quote, so a
 * refused quote can no longer be signed, nor a signed one refused), then the reason reaches the
 * service desk as a ticket, and the quote/deal are marked refused/lost, through the outbox.
 */
export async function refuseQuote(
  contactId: string,
  input: { quoteId: string; reason: string },
  ctx: { ip: string; userAgent: string; now?: Date },
): Promise<{ refusedAt: string; alreadyRefused: boolean }> {
  const now = ctx.now ?? new Date();
  const db0 = await currentDb();
  const [existing] = await db0.select().from(quoteDecisions).where(eq(quoteDecisions.quoteId, input.quoteId));
  if (existing?.decision === "refused" && existing.contactId === contactId) return { refusedAt: existing.decidedAt.toISOString(), alreadyRefused: true };
  const { quote, db } = await loadSignableQuote(contactId, input.quoteId);
  const inserted = await db.transaction(async (t) => {
    const tx = asDb(t);
    const rows = await tx
      .insert(quoteDecisions)
      .values({ quoteId: quote.id, contactId, decision: "refused", reason: input.reason, ip: ctx.ip, userAgent: ctx.userAgent.slice(0, 400), decidedAt: now })
      .onConflictDoNothing()
      .returning({ quoteId: quoteDecisions.quoteId });
    if (rows.length === 0) return false;
    await enqueueHubSpotWrite(tx, { operation: QUOTE_REFUSED_OPERATION, args: { quoteId: quote.id }, idempotencyKey: `quote-refused:${quote.id}`, contactId });
    return true;
  });
  if (!inserted) {
    throw new AppError("CONFLICT", `quote ${quote.id} decided meanwhile`, { userMessage: "Ce devis a déjà fait l'objet d'une décision : il ne peut plus être refusé." });
  }
  forgetContactRows(contactId);
  wakeOutbox();
  return { refusedAt: now.toISOString(), alreadyRefused: false };
}
