import { customerRoute } from "@/lib/auth/customer-route";
import { dispositionOf, pdfOrUnavailable } from "@/lib/documents/pdf-response";
import { getQuotePdf } from "@/lib/documents/render-documents";

export const dynamic = "force-dynamic";

/** The customer's quote as PDF: the signed and sealed one once signed, else the original they read. */
export const GET = customerRoute<{ id: string }>("quote-pdf", async (request, { contactId, params }) => {
  return pdfOrUnavailable(() => getQuotePdf(contactId, params.id), dispositionOf(request));
});
