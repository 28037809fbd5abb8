import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { quoteDecisions, quoteSignatures } from "@/lib/db/schema";
import { getQuote } from "@/lib/hubspot/queries";
import { recordQuoteRefused, recordQuoteSigned } from "@/lib/hubspot/quotes";
import { PermanentDeliveryError } from "@/lib/notifications/errors";
import { registerHubSpotWrite } from "@/lib/outbox";
import { currentDb } from "@/lib/db/current";
import { quoteFileName } from "./file-names";
import { QUOTE_REFUSED_OPERATION, QUOTE_SIGNED_OPERATION } from "./sync-operations";

/**
 * Outbox handlers: the portal's decisions → HubSpot. Arguments are ids only; the bytes and the
 * reason are read from the evidence tables (append-only, so a retry sees the same thing). Each
 * HubSpot step checks what a previous attempt did (lib/hubspot/quotes.ts).
 */

const signedArgs = z.object({ signatureId: z.uuid() });
const refusedArgs = z.object({ quoteId: z.string().regex(/^\d{1,20}$/) });

async function dealIdOf(contactId: string, quoteId: string): Promise<string | null> {
  try {
    return (await getQuote(contactId, quoteId)).dealId;
  } catch {
    return null; // the contact may have been erased meanwhile: the quote itself is still updated
  }
}

export async function syncQuoteSigned(args: unknown): Promise<{ fileId: string; noteId: string }> {
  const parsed = signedArgs.safeParse(args);
  if (!parsed.success) throw new PermanentDeliveryError(`${QUOTE_SIGNED_OPERATION}: invalid args`);
  const db = await currentDb();
  const [row] = await db
    .select({
      id: quoteSignatures.id,
      quoteId: quoteSignatures.quoteId,
      contactId: quoteSignatures.contactId,
      quoteNumber: quoteSignatures.quoteNumber,
      signerName: quoteSignatures.signerName,
      signedAt: quoteSignatures.signedAt,
      originalSha256: quoteSignatures.originalSha256,
    })
    .from(quoteSignatures)
    .where(eq(quoteSignatures.id, parsed.data.signatureId));
  if (!row) throw new PermanentDeliveryError(`${QUOTE_SIGNED_OPERATION}: evidence row missing`);
  return recordQuoteSigned({
    signatureId: row.id,
    contactId: row.contactId,
    quoteId: row.quoteId,
    dealId: await dealIdOf(row.contactId, row.quoteId),
    quoteNumber: row.quoteNumber,
    signerName: row.signerName,
    signedAt: row.signedAt,
    originalSha256: row.originalSha256,
    fileName: quoteFileName(row.quoteNumber, true),
    loadPdf: async () => {
      const [pdf] = await db.select({ bytes: quoteSignatures.signedPdf }).from(quoteSignatures).where(eq(quoteSignatures.id, row.id));
      if (!pdf) throw new PermanentDeliveryError(`${QUOTE_SIGNED_OPERATION}: signed PDF missing`);
      return new Uint8Array(pdf.bytes);
    },
  });
}

export async function syncQuoteRefused(args: unknown): Promise<{ ticketId: string }> {
  const parsed = refusedArgs.safeParse(args);
  if (!parsed.success) throw new PermanentDeliveryError(`${QUOTE_REFUSED_OPERATION}: invalid args`);
  const db = await currentDb();
  const [row] = await db.select().from(quoteDecisions).where(eq(quoteDecisions.quoteId, parsed.data.quoteId));
  if (!row || row.decision !== "refused") throw new PermanentDeliveryError(`${QUOTE_REFUSED_OPERATION}: no refusal recorded`);
  const quote = await getQuote(row.contactId, row.quoteId).catch(() => null);
  return recordQuoteRefused({
    contactId: row.contactId,
    quoteId: row.quoteId,
    dealId: quote?.dealId ?? null,
    quoteNumber: quote?.number ?? row.quoteId,
    reason: row.reason ?? "",
    refusedAt: row.decidedAt,
  });
}

export function registerDocumentHandlers(): void {
  registerHubSpotWrite(QUOTE_SIGNED_OPERATION, syncQuoteSigned);
  registerHubSpotWrite(QUOTE_REFUSED_OPERATION, syncQuoteRefused);
}
