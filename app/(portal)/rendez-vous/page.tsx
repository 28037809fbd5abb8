import type { Metadata } from "next";
import { AppointmentsView } from "@/components/appointments/appointments-view";
import { requireCustomer } from "@/lib/auth/session";
import { pastAppointments, upcomingAppointments } from "@/lib/dashboard/rules";
import { listAppointments } from "@/lib/hubspot/queries";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("appointments.title") };
}

export default async function AppointmentsPage() {
  const { contactId } = await requireCustomer();
  const [appointments, i18n] = await Promise.all([listAppointments(contactId), getI18n()]);
  const now = new Date();
  return <AppointmentsView i18n={i18n} upcoming={upcomingAppointments(appointments, now)} past={pastAppointments(appointments, now)} />;
}
