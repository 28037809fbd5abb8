"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";
import type { InterventionDetail } from "@/lib/interventions/get-intervention-detail";
import { createFormat } from "@/lib/i18n/format";
import { fetchJson } from "@/lib/live/query-provider";
import { POLL_INTERVAL_MS, useLiveChanges, type LiveChange } from "@/lib/live/use-live";
import { buttonClasses } from "@/components/ui/button";
import { PhotoGallery } from "./photo-gallery";

/**
 * One intervention, kept current without reload: the server renders it, then the stream's opening,
 * a live event for this ticket (SSE) or, while the stream is down, polling every 5 s re-reads
 * /api/interventions/:id.
 * The status line is an aria-live region, so a screen reader hears "Technicien en route".
 */
/** The company's switchboard, from the console's settings (null until entered: no « Appeler »). */
export type SwitchboardPhone = { display: string; e164: string };

export function InterventionDetailLive({ initial, phone }: { initial: InterventionDetail; phone: SwitchboardPhone | null }) {
  const id = initial.intervention.id;
  const t = useTranslations("tracking");
  const ts = useTranslations("status.intervention");
  const locale = useLocale();
  const format = useMemo(() => createFormat(locale === "en" ? "en" : "fr"), [locale]);
  const queryClient = useQueryClient();
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: ["intervention", id] }), [id, queryClient]);
  const onChange = useCallback(
    (change: LiveChange) => {
      if (change.topic === "ticket" && change.id === id) refresh();
    },
    [id, refresh],
  );
  // Re-read once the stream listens (and after each reconnection): a stage changed while the page
  // was opening is shown too (lib/live/live-client.ts).
  const mode = useLiveChanges(onChange, refresh);
  const { data } = useQuery({
    queryKey: ["intervention", id],
    queryFn: () => fetchJson<InterventionDetail>(`/api/interventions/${id}`),
    initialData: initial,
    refetchInterval: mode === "live" ? false : POLL_INTERVAL_MS,
  });
  const { intervention, timeline, appointment, photos, report, survey } = data;
  const stage = intervention.stage ?? "unknown";

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-brand-900">{intervention.subject}</h1>
        <p className="mt-1 text-base font-semibold text-slate-900" role="status" aria-live="polite" data-testid="intervention-status">
          {t("statusLine", { stage: ts(stage) })}
          {intervention.stage === "en_route" && intervention.eta ? ` · ${t("eta", { time: format.time(intervention.eta) })}` : ""}
        </p>
        <EnRouteCall stage={stage} phone={phone} />
        <p className="mt-1 text-xs text-slate-600">{mode === "live" ? t("liveOn") : t("liveOff")}</p>
      </div>

      <section aria-labelledby="timeline-titre" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="timeline-titre" className="text-lg font-semibold text-brand-900">
          {t("timeline")}
        </h2>
        <ol className="mt-3 space-y-3">
          {timeline.map((step) => (
            <li key={step.key} className="flex items-start gap-3" aria-current={step.state === "current" ? "step" : undefined}>
              <span
                aria-hidden="true"
                className={`mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${
                  step.state === "done" ? "bg-brand-700 text-white" : step.state === "current" ? "bg-volt-400 text-brand-900 ring-2 ring-brand-700" : "border-2 border-slate-400 bg-white"
                }`}
              >
                {step.state === "done" ? "✓" : ""}
              </span>
              <span>
                <span className={step.state === "upcoming" ? "text-slate-600" : "font-semibold text-slate-900"}>{ts(step.key)}</span>
                <span className="sr-only"> — {t(`step.${step.state}`)}</span>
                {step.key === "en_route" && step.state === "current" && intervention.eta ? (
                  <span className="block text-sm text-slate-800">{t("eta", { time: format.time(intervention.eta) })}</span>
                ) : null}
                {step.key === "scheduled" && (intervention.start || appointment?.start) ? (
                  <span className="block text-sm text-slate-700">{format.timeRange(appointment?.start ?? intervention.start, appointment?.end ?? intervention.end)}</span>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="infos-titre" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="infos-titre" className="text-lg font-semibold text-brand-900">
          {t("details")}
        </h2>
        <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="font-semibold text-slate-800">{t("technician")}</dt>
          <dd>{data.technicianFirstName ?? t("toBeAssigned")}</dd>
          <dt className="font-semibold text-slate-800">{t("address")}</dt>
          <dd>{intervention.address ?? "—"}</dd>
          <dt className="font-semibold text-slate-800">{t("appointment")}</dt>
          <dd>{appointment?.start || intervention.start ? format.timeRange(appointment?.start ?? intervention.start, appointment?.end ?? intervention.end) : t("notScheduled")}</dd>
        </dl>
      </section>

      <section aria-labelledby="documents-titre" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="documents-titre" className="text-lg font-semibold text-brand-900">
          {t("documents")}
        </h2>
        {report ? (
          <a href={`/api/interventions/${id}/report`} className={buttonClasses({ variant: "secondary", className: "mt-3" })} download>
            {t("downloadReport")}
            {report.size ? <span className="ml-1 font-normal">({format.fileSize(report.size)}, PDF)</span> : null}
          </a>
        ) : (
          <p className="mt-3 text-sm text-slate-700">{t("noReport")}</p>
        )}
      </section>

      <section aria-labelledby="photos-titre" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="photos-titre" className="text-lg font-semibold text-brand-900">
          {t("photos")}
        </h2>
        <div className="mt-3">{photos.length ? <PhotoGallery ticketId={id} photos={photos} /> : <p className="text-sm text-slate-700">{t("noPhotos")}</p>}</div>
      </section>

      {survey !== "not_yet" ? (
        <section aria-labelledby="avis-titre" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="avis-titre" className="text-lg font-semibold text-brand-900">
            {t("survey")}
          </h2>
          {survey === "open" ? (
            <a href={`/interventions/${id}/avis`} className={buttonClasses({ className: "mt-3" })}>
              {t("giveFeedback")}
            </a>
          ) : (
            <p className="mt-3 text-sm text-slate-700">{t("feedbackThanks")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

/**
 * While the technician is on the way, « Appeler » dials the company's switchboard (the settings'
 * phone), never a technician's private number: the office reaches the technician.
 */
export function EnRouteCall({ stage, phone }: { stage: string; phone: SwitchboardPhone | null }) {
  const t = useTranslations("tracking");
  if (stage !== "en_route" || !phone) return null;
  return (
    <div className="mt-2 flex flex-wrap items-center gap-3" data-testid="en-route-call">
      <a href={`tel:${phone.e164}`} className={buttonClasses({ size: "md" })}>
        {t("call")}
      </a>
      <span className="text-sm text-slate-700">{t("callHint", { phone: phone.display })}</span>
    </div>
  );
}
