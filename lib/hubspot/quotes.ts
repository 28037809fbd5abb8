import "server-only";
import { readObject, updateObject } from "./api";
import { cacheTags, invalidateTags } from "./cache";
import { ensureServiceTicket, findNoteOn, uploadPrivateFile } from "./conversations";
import { createOnce } from "./create-once";
import { str } from "./mappers";
import { resolvePipeline } from "./pipelines";
import { ASSOCIATION_TYPES } from "./spec";
import { createAssociatedObject } from "./writes";

/**
 * HubSpot writes for the quote e-signature (issue 5), called by outbox handlers only. Every step
 * checks what a previous attempt already did (the quote's portal_signed_file_id; the note and the
 * ticket through `createOnce`, whose ids are recorded in PostgreSQL), so a retried row never duplicates.
 */

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

async function dealStageId(key: "quote_signed" | "lost"): Promise<{ pipelineId: string; stageId: string } | null> {
  const pipeline = await resolvePipeline("quotes");
  const stageId = pipeline.stageIdByKey[key];
  return pipeline.pipelineId && stageId ? { pipelineId: pipeline.pipelineId, stageId } : null;
}

export interface SignedQuoteSync {
  signatureId: string;
  contactId: string;
  quoteId: string;
  dealId: string | null;
  quoteNumber: string;
  signerName: string;
  signedAt: Date;
  originalSha256: string;
  fileName: string;
  /** Loaded only when the upload has not happened yet. */
  loadPdf: () => Promise<Uint8Array>;
}

/**
 * The signed PDF → HubSpot Files (private), attached to the deal by a note (hs_attachment_ids);
 * the deal moves to "Devis signé" and the quote to portal_signature_status=signed.
 */
export async function recordQuoteSigned(input: SignedQuoteSync): Promise<{ fileId: string; noteId: string }> {
  const tags = [cacheTags.quote(input.quoteId), cacheTags.contactList(input.contactId, "quotes"), ...(input.dealId ? [cacheTags.deal(input.dealId)] : [])];
  try {
    const quote = await readObject("quotes", input.quoteId, ["portal_signed_file_id", "portal_signature_status"]);
    let fileId = str(quote.properties, "portal_signed_file_id");
    if (!fileId) {
      fileId = await uploadPrivateFile(await input.loadPdf(), input.fileName, `/portail/devis-signes/${input.signatureId}`);
      // Recorded at once: a retry after a later failure reuses this file instead of uploading again.
      await updateObject("quotes", input.quoteId, { portal_signed_file_id: fileId });
    }
    const body = [
      `<p><strong>Devis n° ${escapeHtml(input.quoteNumber)} signé en ligne</strong> par ${escapeHtml(input.signerName)} le ${escapeHtml(input.signedAt.toISOString())}.</p>`,
      `<p>PDF signé et scellé joint (dossier de preuve en dernière page). SHA-256 du devis original : ${escapeHtml(input.originalSha256)}.</p>`,
    ].join("");
    const properties = { hs_note_body: body, hs_timestamp: input.signedAt.toISOString(), hs_attachment_ids: fileId };
    const noteId = await createOnce({
      key: `note:quote-signed:${input.signatureId}`,
      objectType: "notes",
      find: () => (input.dealId ? findNoteOn("deals", input.dealId, properties) : findNoteOn("contacts", input.contactId, properties)),
      create: async () =>
        (
          await createAssociatedObject({
            type: "notes",
            properties,
            associations: [
              ...(input.dealId ? [{ toType: "deals" as const, toId: input.dealId, typeId: ASSOCIATION_TYPES.note_to_deal }] : []),
              { toType: "contacts", toId: input.contactId, typeId: ASSOCIATION_TYPES.note_to_contact },
            ],
          })
        ).id,
    });
    if (input.dealId) {
      const stage = await dealStageId("quote_signed");
      if (stage) await updateObject("deals", input.dealId, { pipeline: stage.pipelineId, dealstage: stage.stageId });
    }
    if (str(quote.properties, "portal_signature_status") !== "signed") {
      await updateObject("quotes", input.quoteId, { portal_signature_status: "signed", portal_signed_at: input.signedAt.toISOString(), portal_signed_file_id: fileId });
    }
    return { fileId, noteId };
  } finally {
    await invalidateTags(tags);
  }
}

export interface RefusedQuoteSync {
  contactId: string;
  quoteId: string;
  dealId: string | null;
  quoteNumber: string;
  reason: string;
  refusedAt: Date;
}

/** A service-desk ticket carrying the reason (staff follow up), the quote refused, the deal lost. */
export async function recordQuoteRefused(input: RefusedQuoteSync): Promise<{ ticketId: string }> {
  const tags = [cacheTags.quote(input.quoteId), cacheTags.contactList(input.contactId, "quotes"), cacheTags.contactList(input.contactId, "tickets"), ...(input.dealId ? [cacheTags.deal(input.dealId)] : [])];
  try {
    const ticketId = await ensureServiceTicket({
      requestId: `quote-refusal:${input.quoteId}`,
      contactId: input.contactId,
      subject: `Devis n° ${input.quoteNumber} refusé par le client`,
      content: `Le client a refusé le devis n° ${input.quoteNumber} depuis l'espace client le ${input.refusedAt.toISOString()}.\n\nMotif indiqué :\n${input.reason}`,
      kind: "quote_request",
      stage: "waiting_staff",
    });
    if (input.dealId) {
      const stage = await dealStageId("lost");
      if (stage) await updateObject("deals", input.dealId, { pipeline: stage.pipelineId, dealstage: stage.stageId });
    }
    await updateObject("quotes", input.quoteId, { portal_signature_status: "refused" });
    return { ticketId };
  } finally {
    await invalidateTags(tags);
  }
}
