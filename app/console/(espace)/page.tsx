import Link from "next/link";
import { PageHeader } from "@/components/ui/page";
import { requireStaff } from "@/lib/staff";

export const metadata = { title: "Accueil" };

export default async function ConsoleHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const staff = await requireStaff();
  const refused = (await searchParams).acces === "administrateurs";
  return (
    <div className="space-y-4">
      <PageHeader title={`Bonjour ${staff.name}`} intro="Réglages de l'activité, livraisons vers HubSpot, e-mails et SMS, équipe et journal des actions." />
      {refused ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-900">
          Cette page est réservée aux administrateurs.
        </p>
      ) : null}
      <ul className="grid gap-3 sm:grid-cols-2">
        <li className="rounded-lg border border-slate-200 bg-white p-4">
          <Link href="/console/livraisons" className="font-semibold text-brand-700 underline underline-offset-2">Livraisons</Link>
          <p className="text-sm text-slate-700">Envois en attente ou en échec, santé de la connexion HubSpot, certificat de scellement.</p>
        </li>
        <li className="rounded-lg border border-slate-200 bg-white p-4">
          <Link href="/console/reglages/prestations" className="font-semibold text-brand-700 underline underline-offset-2">Réglages</Link>
          <p className="text-sm text-slate-700">Prestations, techniciens, fermetures, règles, zone, entreprise.</p>
        </li>
      </ul>
    </div>
  );
}
