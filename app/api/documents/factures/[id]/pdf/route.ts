import { customerRoute } from "@/lib/auth/customer-route";
import { dispositionOf, pdfOrUnavailable } from "@/lib/documents/pdf-response";
import { getInvoicePdf } from "@/lib/documents/render-documents";

export const dynamic = "force-dynamic";

/** The customer's invoice as PDF, rendered from HubSpot/Sage data with the legal mentions. */
export const GET = customerRoute<{ id: string }>("invoice-pdf", async (request, { contactId, params }) => {
  return pdfOrUnavailable(() => getInvoicePdf(contactId, params.id), dispositionOf(request));
});
