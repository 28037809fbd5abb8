import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CustomerOverview } from "@/components/overview/customer-overview";
import { selectDemoCustomer } from "@/lib/demo/current-customer";
import { loadHomeOverview } from "@/lib/demo/home-overview";
import { isAppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Tableau de bord" };

// TEMPORARY home page (until sign-in): a demo customer of the sandbox, chosen by lib/demo.
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { client } = await searchParams;
  const selection = await selectDemoCustomer(client);

  if (selection.mode === "real") {
    return (
      <section aria-labelledby="bienvenue-titre" className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="bienvenue-titre" className="text-2xl font-bold text-brand-900">
          Votre espace client
        </h1>
        <p className="mt-2 text-slate-700">La connexion à votre espace client sera bientôt disponible.</p>
      </section>
    );
  }
  if (!selection.contactId) notFound();

  let data;
  try {
    data = await loadHomeOverview(selection.contactId);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return <CustomerOverview data={data} />;
}
