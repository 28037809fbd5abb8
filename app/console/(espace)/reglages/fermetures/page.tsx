import { ClosuresForm } from "@/components/console/settings/closures-form";
import { PageHeader } from "@/components/ui/page";
import { readConsoleSettings } from "@/lib/console/settings";
import { requireStaff, staffDeps } from "@/lib/staff";
import { frenchPublicHolidays } from "@/lib/time/holidays";
import { addDays, parisDateOf } from "@/lib/time/paris";

export const metadata = { title: "Fermetures" };

/** The French public holidays from today (Paris) to a year from now. */
function nextTwelveMonths(now: number = Date.now()) {
  const today = parisDateOf(now);
  const end = addDays(today, 365);
  const year = Number(today.slice(0, 4));
  return [...frenchPublicHolidays(year), ...frenchPublicHolidays(year + 1)].filter((h) => h.date >= today && h.date < end);
}

export default async function ClosuresPage() {
  const staff = await requireStaff();
  const settings = await readConsoleSettings(staff, { db: (await staffDeps()).db });
  return (
    <div className="space-y-6">
      <PageHeader
        title="Fermetures"
        intro="Les jours où aucun rendez-vous n'est proposé en ligne, pour toute l'équipe. Les rendez-vous déjà pris ces jours-là vous sont montrés avant d'enregistrer : ils restent réservés, à déplacer avec les clients."
      />
      <ClosuresForm initial={settings.closures} version={settings.versions.closures} holidays={nextTwelveMonths()} />
    </div>
  );
}
