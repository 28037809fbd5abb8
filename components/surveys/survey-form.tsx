"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button, buttonClasses } from "@/components/ui/button";
import { FieldFrame } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import type { SurveyAnswersInput } from "@/lib/surveys/schemas";
import type { SurveyActionResult } from "@/lib/surveys/actions/submit-survey";

type AnswerField = keyof SurveyAnswersInput;
const ANSWER_FIELDS: readonly AnswerField[] = ["overall", "technician", "punctual", "nps", "comment"];

// The schema (zod) loads when the form is first used, not with the page (issue 19).
const schema = lazyZodResolver<SurveyAnswersInput, SurveyAnswersInput>(() => import("@/lib/surveys/schemas").then((m) => m.surveyAnswersSchema));

/**
 * Overall (1–5), technician (1–5), punctuality, NPS (0–10), comment. Radio groups in fieldsets
 * (keyboard: arrows within a group). After sending, everyone gets the same public-review
 * invitation, whatever their score (no review gating).
 */
export function SurveyForm({ token, action, reviewUrl, backHref }: { token: string; action: (input: unknown) => Promise<SurveyActionResult>; reviewUrl: string | null; backHref: string }) {
  const t = useTranslations("survey");
  const [result, setResult] = useState<SurveyActionResult | null>(null);
  const form = useForm<SurveyAnswersInput>({ resolver: schema.resolver, defaultValues: { comment: "" } });
  const e = form.formState.errors;
  const submit = form.handleSubmit(async (answers) => {
    try {
      const r = await action({ token, answers });
      // Refused by the action's own check (the schema here could not load): its messages, on their questions.
      if (r.status === "validation") {
        for (const [key, message] of Object.entries(r.fieldErrors)) {
          const name = key.replace(/^answers\./, "");
          if (ANSWER_FIELDS.includes(name as AnswerField)) form.setError(name as AnswerField, { message });
          else form.setError("root.server", { message });
        }
        return;
      }
      setResult(r);
    } catch {
      // No answer (network): it may have been saved. The link's own id makes a retry record it once.
      form.setError("root.server", { message: t("notConfirmed") });
    }
  });

  if (result?.status === "saved") return <SurveyThanks lowScore={result.lowScore} reviewUrl={reviewUrl} backHref={backHref} />;
  if (result && result.status !== "validation") {
    return (
      <p role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-4">
        {t(result.status === "error" ? "error" : `refused.${result.status}.text`)}
      </p>
    );
  }

  const scale = (name: "overall" | "technician" | "nps", from: number, to: number) => (
    <fieldset className="space-y-1" aria-describedby={e[name] ? `${name}-erreur` : undefined}>
      <legend className="font-semibold text-slate-900">{t(`${name}.label`)}</legend>
      <p className="text-sm text-slate-700">{t(`${name}.help`)}</p>
      <div className="flex flex-wrap gap-2">
        {Array.from({ length: to - from + 1 }, (_, i) => from + i).map((n) => (
          <label key={n} className="flex min-h-11 min-w-11 cursor-pointer items-center justify-center gap-1 rounded-lg border border-slate-500 px-2 has-[:checked]:bg-brand-700 has-[:checked]:text-white has-[:focus-visible]:outline-3 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-700">
            <input type="radio" value={n} className="sr-only" {...form.register(name)} />
            {n}
          </label>
        ))}
      </div>
      {e[name]?.message ? (
        <p id={`${name}-erreur`} className="text-sm text-red-800">
          {e[name]?.message}
        </p>
      ) : null}
    </fieldset>
  );

  return (
    <form onSubmit={submit} noValidate className="space-y-5 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" onFocus={schema.preload} onPointerDown={schema.preload}>
      <p className="text-slate-700">{t("duration")}</p>
      {scale("overall", 1, 5)}
      {scale("technician", 1, 5)}
      <fieldset className="space-y-1">
        <legend className="font-semibold text-slate-900">{t("punctual.label")}</legend>
        <div className="flex gap-4">
          {(["yes", "no"] as const).map((v) => (
            <label key={v} className="flex min-h-11 items-center gap-2">
              <input type="radio" value={v} className="h-5 w-5" {...form.register("punctual")} />
              {t(`punctual.${v}`)}
            </label>
          ))}
        </div>
        {e.punctual?.message ? <p className="text-sm text-red-800">{e.punctual.message}</p> : null}
      </fieldset>
      {scale("nps", 0, 10)}
      <FieldFrame label={t("comment")} error={e.comment?.message} errorSpace="auto">
        {(control) => <textarea {...control} rows={4} className="mt-1 block w-full rounded-lg border border-slate-500 px-3 py-2" {...form.register("comment")} />}
      </FieldFrame>
      <FormError variant="inline">{e.root?.server?.message}</FormError>
      <Button type="submit" size="lg" disabled={form.formState.isSubmitting} pending={form.formState.isSubmitting} pendingLabel={t("sending")}>
        {t("send")}
      </Button>
    </form>
  );
}

/**
 * The thank-you state: the answer is saved, so no « Cela prend une minute » any more, and a way
 * back: the portal for a signed-in customer, the sign-in page (then the portal) for a visitor.
 */
export function SurveyThanks({ lowScore, reviewUrl, backHref }: { lowScore: boolean; reviewUrl: string | null; backHref: string }) {
  const t = useTranslations("survey");
  return (
    <div role="status" className="space-y-3 rounded-xl border border-green-300 bg-green-50 p-4" data-testid="survey-saved">
      <h2 className="text-lg font-semibold text-green-900">{t("thanks")}</h2>
      <p>{t("pendingNote")}</p>
      {lowScore ? <p>{t("followUp")}</p> : null}
      {reviewUrl ? (
        <>
          <p>{t("reviewInvite")}</p>
          <a href={reviewUrl} target="_blank" rel="noopener noreferrer" className={buttonClasses({ size: "md" })}>
            {t("reviewButton")}
          </a>
        </>
      ) : null}
      <p>
        <a href={backHref} className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4">
          {t("back")}
        </a>
      </p>
    </div>
  );
}
