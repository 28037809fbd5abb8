import type { Translator } from "@/lib/i18n/server";

/** Why a survey link cannot be used, in plain French (reused, expired, forged, someone else's, too early). */
export function SurveyRefusal({ status, t }: { status: "invalid" | "expired" | "foreign" | "used" | "not_ready"; t: Translator }) {
  return (
    <div role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-slate-900" data-testid={`survey-${status}`}>
      <h2 className="text-lg font-semibold">{t(`survey.refused.${status}.title`)}</h2>
      <p className="mt-1">{t(`survey.refused.${status}.text`)}</p>
    </div>
  );
}
