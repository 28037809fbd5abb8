import { ServiceAreaForm, type CommuneChoice } from "@/components/console/settings/service-area-form";
import { PageHeader } from "@/components/ui/page";
import { readConsoleSettings, SECTION_ROLE } from "@/lib/console/settings";
import { communeByCode, communeIndex, describeServiceArea } from "@/lib/geo";
import { requireStaff, staffDeps } from "@/lib/staff";

export const metadata = { title: "Zone d'intervention" };

export default async function ServiceAreaSettingsPage() {
  const staff = await requireStaff();
  const settings = await readConsoleSettings(staff, { db: (await staffDeps()).db });
  const area = settings.serviceArea ?? { communes: [], departements: [], radiusKm: null };
  const departements = [...communeIndex().departements.values()].map((d) => ({ code: d.code, name: d.name })).sort((a, b) => a.code.localeCompare(b.code));
  const communes: CommuneChoice[] = area.communes.flatMap((code) => {
    const c = communeByCode(code);
    return c ? [{ code: c.code, name: c.name, postalCodes: [...c.postcodes], departement: c.departement }] : [];
  });
  const current = settings.serviceArea ? describeServiceArea(settings.serviceArea) : null;
  return (
    <div className="space-y-4">
      <PageHeader title="Zone d'intervention" intro="Où les clients peuvent réserver en ligne : départements entiers, communes et rayon autour des techniciens." />
      <p aria-live="polite" className="rounded-lg border border-brand-100 bg-brand-50 p-3 text-brand-900">
        <span className="font-semibold">Zone actuelle : </span>
        {current ?? "aucune zone définie : aucune adresse n'est dans la zone, la réservation en ligne est fermée."}
      </p>
      <ServiceAreaForm initial={area} version={settings.versions.service_area} readOnly={SECTION_ROLE.service_area === "admin" && staff.role !== "admin"} departements={departements} communes={communes} />
    </div>
  );
}
