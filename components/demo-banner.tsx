/** Tells everyone, on every page, that the data is fictitious and HubSpot is simulated locally. */
export function DemoBanner() {
  return (
    <div role="note" aria-label="Mode démo" className="bg-volt-400 px-4 py-2 text-center text-sm font-medium text-brand-900">
      Démo : données fictives, HubSpot simulé en local
    </div>
  );
}
