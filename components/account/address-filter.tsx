import { Button } from "@/components/ui/button";
import type { SavedAddress } from "@/lib/model/types";
import { formatAddress } from "@/lib/contact/address-match";

/**
 * "Adresse : [toutes | Maison | Résidence secondaire]" for the interventions and appointments
 * lists: a GET form (`?adresse=<id>`), so it works without JavaScript and the URL can be shared.
 * Shown only when the customer has more than one address.
 */
export function AddressFilter({
  addresses,
  selectedId,
  labels,
}: {
  addresses: SavedAddress[];
  selectedId: string | null;
  labels: { address: string; all: string; apply: string };
}) {
  if (addresses.length < 2) return null;
  return (
    <form method="get" className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col text-sm font-semibold text-slate-900">
        {labels.address}
        <select
          name="adresse"
          defaultValue={selectedId ?? ""}
          className="mt-1 min-h-11 rounded-lg border border-slate-400 bg-white px-3 text-base font-normal text-slate-900"
        >
          <option value="">{labels.all}</option>
          {addresses.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label ? `${a.label} — ${formatAddress(a)}` : formatAddress(a)}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" variant="secondary">
        {labels.apply}
      </Button>
    </form>
  );
}
