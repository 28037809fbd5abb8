import "server-only";
import { inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { readContactRows } from "@/lib/memory-cache/row-memory";
import { quoteDecisions, quoteSignatures } from "@/lib/db/schema";
import type { Quote, QuoteStatus } from "@/lib/model/types";

/**
 * The portal's own record of a customer's decision wins over HubSpot's copy: the evidence is
 * committed before the quote shows as signed, and HubSpot learns it through the outbox a moment
 * later ("en cours de transmission" until then).
 */
export interface QuoteDecision {
  decision: "signed" | "refused";
  decidedAt: string;
  contactId: string;
  reason: string | null;
  signatureId: string | null;
  signerName: string | null;
}

/**
 * The decisions on these quotes. `ownerId`: the contact the quotes belong to (already checked by the
 * caller): the rows are then read from the process's copy when they have not changed (lib/memory-cache/row-memory.ts).
 */
export async function loadQuoteDecisions(db: Db, quoteIds: readonly string[], ownerId?: string): Promise<Map<string, QuoteDecision>> {
  const out = new Map<string, QuoteDecision>();
  if (quoteIds.length === 0) return out;
  const read = () =>
    Promise.all([
      db.select().from(quoteDecisions).where(inArray(quoteDecisions.quoteId, [...quoteIds])),
      db
        .select({ id: quoteSignatures.id, quoteId: quoteSignatures.quoteId, signerName: quoteSignatures.signerName })
        .from(quoteSignatures)
        .where(inArray(quoteSignatures.quoteId, [...quoteIds])),
    ]);
  const [decisions, signatures] = ownerId ? await readContactRows(db, ownerId, `quotes:${[...quoteIds].sort().join(",")}`, read) : await read();
  for (const d of decisions) {
    const sig = signatures.find((s) => s.quoteId === d.quoteId);
    out.set(d.quoteId, {
      decision: d.decision === "refused" ? "refused" : "signed",
      decidedAt: d.decidedAt.toISOString(),
      contactId: d.contactId,
      reason: d.reason,
      signatureId: sig?.id ?? null,
      signerName: sig?.signerName ?? null,
    });
  }
  return out;
}

export interface QuoteWithDecision extends Quote {
  /** HubSpot has not yet recorded the portal's decision. */
  syncPending: boolean;
  decision: QuoteDecision | null;
}

export function withDecision(quote: Quote, decision: QuoteDecision | undefined): QuoteWithDecision {
  if (!decision) return { ...quote, syncPending: false, decision: null };
  const status: QuoteStatus = decision.decision;
  return {
    ...quote,
    status,
    signedAt: decision.decision === "signed" ? (quote.signedAt ?? decision.decidedAt) : quote.signedAt,
    syncPending: quote.status !== status,
    decision,
  };
}
