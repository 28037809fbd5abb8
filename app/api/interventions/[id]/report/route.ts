import { customerRoute } from "@/lib/auth/customer-route";
import { getInterventionReport } from "@/lib/interventions/files";
import { fileHeaders } from "@/lib/uploads/images";

export const dynamic = "force-dynamic";

/** The intervention report (PDF), streamed from HubSpot to its owner only. */
export const GET = customerRoute<{ id: string }>("intervention-report", async (_request, { contactId, params }) => {
  const report = await getInterventionReport(contactId, params.id);
  return new Response(report.body, { headers: fileHeaders("application/pdf", report.name, "attachment", report.size) });
});
