import { PageHeader } from "@/components/ui/page";
import { listAuditActions, listStaffAudit, requireStaff, staffDeps } from "@/lib/staff";

export const metadata = { title: "Journal" };

const when = (d: Date) => d.toLocaleString("fr-FR", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "medium" });
const json = (v: unknown) => (v === null || v === undefined ? "—" : JSON.stringify(v));

/** The latest 200 console actions, filtered by action (a plain GET form). */
export default async function JournalPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireStaff();
  const { db } = await staffDeps();
  const raw = (await searchParams).action;
  const actions = await listAuditActions(db);
  const action = typeof raw === "string" && actions.includes(raw) ? raw : undefined;
  const rows = await listStaffAudit(db, { action });
  return (
    <div className="space-y-4">
      <PageHeader title="Journal" intro="Chaque action de la console : qui, quand, quoi, avant → après. Le journal ne se modifie pas." />
      <form method="get" className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="journal-action" className="block text-sm font-semibold">Action</label>
          <select id="journal-action" name="action" defaultValue={action ?? ""} className="rounded border border-slate-400 p-2">
            <option value="">Toutes</option>
            {actions.map((a) => (
              <option key={a} value={a}>{a}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="rounded-lg border border-slate-400 bg-white px-3 py-2 font-semibold">Filtrer</button>
      </form>
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Journal des actions (défilement horizontal)">
        <table className="w-full min-w-[44rem] border-collapse text-left text-sm">
          <caption className="sr-only">Dernières actions de la console</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="p-2">Quand</th>
              <th scope="col" className="p-2">Qui</th>
              <th scope="col" className="p-2">Action</th>
              <th scope="col" className="p-2">Cible</th>
              <th scope="col" className="p-2">Avant → après</th>
              <th scope="col" className="p-2">Motif</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-b border-slate-200 align-top">
                <td className="p-2">{when(r.at)}</td>
                <td className="p-2">{r.staffEmail} ({r.role === "admin" ? "admin." : "bureau"})</td>
                <td className="p-2 font-mono text-xs">{r.action}</td>
                <td className="p-2">{r.target ?? "—"}</td>
                <td className="max-w-80 break-words p-2 font-mono text-xs">{json(r.before)} → {json(r.after)}</td>
                <td className="p-2">{r.reason ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
