import type { Metadata } from "next";
import { InterventionsView } from "@/components/interventions/interventions-view";
import { requireCustomer } from "@/lib/auth/session";
import { interventionHistory, interventionsInProgress } from "@/lib/dashboard/rules";
import { listInterventions } from "@/lib/hubspot/queries";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("interventions.title") };
}

export default async function InterventionsPage() {
  const { contactId } = await requireCustomer();
  const [interventions, i18n] = await Promise.all([listInterventions(contactId), getI18n()]);
  return <InterventionsView i18n={i18n} inProgress={interventionsInProgress(interventions)} history={interventionHistory(interventions)} />;
}
