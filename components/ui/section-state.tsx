import { isAppError } from "@/lib/errors";
import type { I18n } from "@/lib/i18n/server";
import { Card } from "./card";
import { PageHeader } from "./page";
import { RetryButton } from "./retry-button";

/**
 * What a section shows during a HubSpot outage (issue 18, point 12): the last known data under a
 * « Données du … » notice (`StaleNotice`), or, when nothing is known, « Cette partie est
 * momentanément indisponible » with « Réessayer » in place of that section alone
 * (`SectionUnavailable`); the rest of the page keeps working.
 */

/** The section's data, or `unavailable` when HubSpot could not be had; any other error is thrown on. */
export async function settleSection<T>(data: Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await data };
  } catch (error) {
    if (isAppError(error) && error.code === "UPSTREAM_UNAVAILABLE") return { ok: false };
    throw error;
  }
}

/** « Données du 7 déc. à 14 h 05 — nos services ne répondent pas, mise à jour dès leur retour » (nothing when fresh). */
export function StaleNotice({ i18n: { t, format }, since }: { i18n: I18n; since: string | null | undefined }) {
  if (!since) return null;
  return (
    <p role="status" data-testid="stale-notice" className="mb-3 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {t("errors.staleData", { when: format.dayTime(since) })}
    </p>
  );
}

/** In place of a section HubSpot could not fill: its title, the message and « Réessayer ». */
export function SectionUnavailable({ i18n: { t }, id, title }: { i18n: I18n; id: string; title: string }) {
  return (
    <Card id={id} title={title}>
      <div role="alert" className="space-y-3">
        <p className="text-slate-700">{t("errors.sectionUnavailable")}</p>
        <RetryButton label={t("errors.retry")} />
      </div>
    </Card>
  );
}

/** A list page whose one section HubSpot could not fill: its heading stays, the section says so. */
export function PageUnavailable({ i18n, title, intro }: { i18n: I18n; title: string; intro?: string }) {
  return (
    <div className="space-y-6">
      <PageHeader title={title} intro={intro} />
      <SectionUnavailable i18n={i18n} id="indisponible" title={title} />
    </div>
  );
}
