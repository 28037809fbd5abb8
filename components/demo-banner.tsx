import { connection } from "next/server";
import { getEnv } from "@/lib/env";
import { getI18n } from "@/lib/auth/locale";

/**
 * Tells everyone, on every page, that the data is fictitious and HubSpot is simulated locally.
 * Decided per request, never at build time: a page prerendered by a build without credentials
 * (the 404 page, for instance) must not carry the banner into a production run with real HubSpot.
 */
export async function DemoBanner() {
  await connection();
  if (!getEnv().sandbox) return null;
  const { t } = await getI18n();
  return (
    <div role="note" aria-label={t("demo.label")} className="bg-volt-400 px-4 py-2 text-center text-sm font-medium text-brand-900">
      {t("demo.text")}
    </div>
  );
}
