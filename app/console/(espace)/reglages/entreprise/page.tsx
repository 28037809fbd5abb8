import { CompanyForm } from "@/components/console/settings/company-form";
import { PageHeader } from "@/components/ui/page";
import { readConsoleSettings, SECTION_ROLE } from "@/lib/console/settings";
import { requireStaff, staffDeps } from "@/lib/staff";

export const metadata = { title: "Entreprise" };

export default async function CompanySettingsPage() {
  const staff = await requireStaff();
  const settings = await readConsoleSettings(staff, { db: (await staffDeps()).db });
  return (
    <div className="space-y-4">
      <PageHeader title="Entreprise" intro="L'identité légale imprimée sur les devis, les factures et les e-mails : elle s'applique au document suivant." />
      <CompanyForm initial={settings.company} version={settings.versions.company} readOnly={SECTION_ROLE.company === "admin" && staff.role !== "admin"} />
    </div>
  );
}
