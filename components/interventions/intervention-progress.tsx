import type { InterventionStageKey } from "@/lib/model/vocabulary";
import { INTERVENTION_STEPS, interventionStep } from "@/lib/model/intervention-stages";
import type { Translator } from "@/lib/i18n/server";

/**
 * Where an intervention stands: "Étape 3 sur 5 : Technicien en route" in words, and a segmented bar
 * that shows it at a glance (filled segments, not colour alone, carry the progress).
 */
export function InterventionProgress({ t, stage }: { t: Translator; stage: InterventionStageKey | null }) {
  const step = interventionStep(stage);
  if (step === null) return null;
  const total = INTERVENTION_STEPS.length;
  return (
    <div className="mt-2">
      <p className="text-sm font-medium text-brand-900">
        {t("interventions.progress", { step, total, stage: t(`status.intervention.${stage ?? "unknown"}`) })}
      </p>
      <ol aria-hidden="true" className="mt-1.5 grid grid-cols-5 gap-1">
        {INTERVENTION_STEPS.map((s, i) => (
          <li
            key={s}
            className={`h-2 rounded-full ${i < step ? "bg-brand-700" : "border border-slate-400 bg-white"} ${i === step - 1 ? "ring-2 ring-volt-400 ring-offset-1" : ""}`}
          />
        ))}
      </ol>
    </div>
  );
}
