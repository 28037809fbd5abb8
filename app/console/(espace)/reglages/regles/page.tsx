import { BookingRulesForm } from "@/components/console/settings/booking-rules-form";
import { PageHeader } from "@/components/ui/page";
import { readConsoleSettings, SECTION_ROLE } from "@/lib/console/settings";
import { requireStaff, staffDeps } from "@/lib/staff";

export const metadata = { title: "Règles de réservation" };

export default async function BookingRulesPage() {
  const staff = await requireStaff();
  const settings = await readConsoleSettings(staff, { db: (await staffDeps()).db });
  const readOnly = SECTION_ROLE.booking_rules === "admin" && staff.role !== "admin";
  return (
    <div className="space-y-6">
      <PageHeader title="Règles de réservation" intro="Quand et à quel rythme les clients réservent en ligne. Un changement s'applique aux créneaux proposés dès l'enregistrement ; les rendez-vous déjà pris ne bougent pas." />
      <BookingRulesForm initial={settings.bookingRules} version={settings.versions.booking_rules} readOnly={readOnly} />
    </div>
  );
}
