import { ServicesForm } from "@/components/console/settings/services-form";
import { PageHeader } from "@/components/ui/page";
import { readConsoleSettings, SECTION_ROLE } from "@/lib/console/settings";
import { requireStaff, staffDeps } from "@/lib/staff";

export const metadata = { title: "Prestations" };

export default async function ServicesSettingsPage() {
  const staff = await requireStaff();
  const settings = await readConsoleSettings(staff, { db: (await staffDeps()).db });
  return (
    <div className="space-y-4">
      <PageHeader title="Prestations" intro="Ce que les clients peuvent réserver ou demander : libellés en français et en anglais, durée, compétences requises et mode de réservation." />
      <ServicesForm initial={settings.services} version={settings.versions.services} readOnly={SECTION_ROLE.services === "admin" && staff.role !== "admin"} />
    </div>
  );
}
