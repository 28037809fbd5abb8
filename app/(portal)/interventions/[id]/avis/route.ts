import { NextResponse } from "next/server";
import { requireCustomerForApi } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { surveyLinkForCustomer } from "@/lib/surveys/survey-link";

export const dynamic = "force-dynamic";

/** "Donner mon avis" from the intervention page: a fresh personal survey link for the owner. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const site = getEnv().SITE_URL;
  try {
    const { contactId } = await requireCustomerForApi();
    const { id } = await params;
    const url = await surveyLinkForCustomer(contactId, id);
    return NextResponse.redirect(url ?? new URL(`/interventions/${id}`, site), { status: 303, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (isAppError(error) && error.code === "UNAUTHENTICATED") return NextResponse.redirect(new URL("/connexion", site), 303);
    return NextResponse.redirect(new URL("/interventions", site), 303);
  }
}
