import { TechniciansForm } from "@/components/console/settings/technicians-form";
import { PageHeader } from "@/components/ui/page";
import { listTechnicianCandidates, readConsoleSettings } from "@/lib/console/settings";
import { log } from "@/lib/log";
import { requireStaff, staffDeps } from "@/lib/staff";

export const metadata = { title: "Techniciens" };

export default async function TechniciansPage() {
  const staff = await requireStaff();
  const [settings, candidates] = await Promise.all([
    readConsoleSettings(staff, { db: (await staffDeps()).db }),
    // HubSpot down: the list is still editable, adding a technician waits (the form says so).
    listTechnicianCandidates(staff, {}).catch((error: unknown) => {
      log.warn({ scope: "console", err: error }, "HubSpot owners could not be listed for the technicians page");
      return null;
    }),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Techniciens"
        intro="Les utilisateurs HubSpot qui prennent des rendez-vous : compétences, point de départ, horaires et congés. Un changement s'applique aux créneaux proposés dès l'enregistrement ; les rendez-vous qu'il touche vous sont montrés avant."
      />
      <TechniciansForm
        initial={settings.technicians}
        version={settings.versions.technicians}
        candidates={candidates?.map((c) => ({ ownerId: c.ownerId, email: c.email, firstName: c.firstName, lastName: c.lastName })) ?? null}
      />
    </div>
  );
}
