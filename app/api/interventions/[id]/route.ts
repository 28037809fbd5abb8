import { NextResponse } from "next/server";
import { customerRoute } from "@/lib/auth/customer-route";
import { getInterventionDetail } from "@/lib/interventions/get-intervention-detail";

export const dynamic = "force-dynamic";

/** The intervention page's data, re-read by the page on a live event or while polling. */
export const GET = customerRoute<{ id: string }>("intervention", async (_request, { contactId, params }) =>
  NextResponse.json(await getInterventionDetail(contactId, params.id)),
);
