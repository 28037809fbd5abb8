"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { savePreferencesAction } from "@/lib/account/actions/save-preferences";
import type { NotificationPreferences } from "@/lib/account/schemas";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/form-error";

// The schema (zod, phone metadata) loads when the form is first used, not with the page (issue 19).
const schema = lazyZodResolver<NotificationPreferences, NotificationPreferences>(() => import("@/lib/account/schemas").then((m) => m.preferencesSchema));

const ROWS = [
  { kind: "reminder", email: "reminderEmail", sms: "reminderSms" },
  { kind: "tracking", email: "trackingEmail", sms: "trackingSms" },
  { kind: "survey", email: "surveyEmail", sms: "surveySms" },
] as const;

/** Email/SMS per kind of optional message, and marketing consent apart (off until ticked). */
export function PreferencesForm({ initial }: { initial: NotificationPreferences }) {
  const t = useTranslations("account");
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const {
    register,
    handleSubmit,
    formState: { isSubmitting },
  } = useForm<NotificationPreferences>({ resolver: schema.resolver, defaultValues: initial });
  return (
    <form
      noValidate
      aria-busy={isSubmitting}
      onFocus={schema.preload}
      onPointerDown={schema.preload}
      className="space-y-4"
      onSubmit={handleSubmit(async (input) => {
        const result = await savePreferencesAction(input);
        setNotice(result.ok ? { tone: "success", text: t("preferencesSaved") } : { tone: "error", text: result.error });
      })}
    >
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">{t("notifications")}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-sm text-slate-700">
            <th scope="col" className="py-2 pr-3 font-semibold">
              {t("kind")}
            </th>
            <th scope="col" className="w-24 px-2 py-2 text-center font-semibold">
              {t("byEmail")}
            </th>
            <th scope="col" className="w-24 px-2 py-2 text-center font-semibold">
              {t("bySms")}
            </th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.kind} className="border-b border-slate-100">
              <th scope="row" id={`pref-${row.kind}`} className="py-2 pr-3 font-normal text-slate-900">
                {t(row.kind)}
              </th>
              <td className="px-2 text-center">
                <input type="checkbox" className="size-6 accent-brand-700" aria-label={`${t(row.kind)} — ${t("byEmail")}`} {...register(row.email)} />
              </td>
              <td className="px-2 text-center">
                <input type="checkbox" className="size-6 accent-brand-700" aria-label={`${t(row.kind)} — ${t("bySms")}`} {...register(row.sms)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="rounded-lg border border-slate-200 p-3">
        <label className="flex items-start gap-3">
          <input type="checkbox" className="mt-1 size-5 shrink-0 accent-brand-700" aria-describedby="marketing-aide" {...register("marketingConsent")} />
          <span className="text-slate-900">{t("marketing")}</span>
        </label>
        <p id="marketing-aide" className="mt-1 pl-8 text-sm text-slate-600">
          {t("marketingHint")}
        </p>
      </div>
      <Button type="submit" pending={isSubmitting} pendingLabel={t("saving")}>
        {t("save")}
      </Button>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : <Notice tone="success">{null}</Notice>}
    </form>
  );
}
