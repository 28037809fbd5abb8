"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/form-error";
import { confirmErasureAction, requestErasureAction } from "@/lib/account/actions/erasure";
import type { KeptItem } from "@/lib/model/retention";
import type { erasureRequestSchema } from "@/lib/account/schemas";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import { CodeConfirmForm } from "./code-confirm-form";

type In = z.input<typeof erasureRequestSchema>;
type Out = z.output<typeof erasureRequestSchema>;

// The schema (zod, phone metadata) loads when the form is first used, not with the page (issue 19).
const schema = lazyZodResolver<In, Out>(() => import("@/lib/account/schemas").then((m) => m.erasureRequestSchema));

/**
 * "Supprimer mon compte": what goes, what stays and why, then a code by email or SMS, then the
 * erasure. The session ends with it, so the customer lands on the public confirmation page.
 */
export function ErasureSection({
  erased,
  kept,
  hasEmail,
  hasPhone,
  pending,
}: {
  erased: string[];
  kept: KeptItem[];
  hasEmail: boolean;
  hasPhone: boolean;
  pending: { verificationId: string; target: string } | null;
}) {
  const t = useTranslations("account");
  const router = useRouter();
  const legendId = useId();
  const [verification, setVerification] = useState(pending);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({ resolver: schema.resolver, defaultValues: { channel: hasEmail ? "email" : "sms" } });
  const error = errors.channel?.message ?? errors.root?.server?.message;
  return (
    <div className="space-y-4">
      <p className="text-slate-800">{t("eraseHint")}</p>
      <div className="grid gap-4 md:grid-cols-2">
        <div>
          <h3 className="font-semibold text-slate-900">{t("eraseWhatGoes")}</h3>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-800">
            {erased.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="font-semibold text-slate-900">{t("eraseWhatStays")}</h3>
          <dl className="mt-2 space-y-2 text-slate-800">
            {kept.map((k) => (
              <div key={k.what}>
                <dt className="font-medium">{k.what}</dt>
                <dd className="text-sm text-slate-700">
                  {k.why} {k.howLong}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      </div>
      {verification ? (
        <CodeConfirmForm
          verificationId={verification.verificationId}
          intro={t("eraseCodeSent", { target: verification.target })}
          label={t("codeLabel")}
          submitLabel={t("eraseConfirm")}
          pendingLabel={t("confirming")}
          danger
          onConfirm={(input) => confirmErasureAction(input)}
          onDone={() => router.replace("/confidentialite/suppression")}
        />
      ) : (
        <form
          className="space-y-3"
          noValidate
          aria-busy={isSubmitting}
          onFocus={schema.preload}
          onPointerDown={schema.preload}
          onSubmit={handleSubmit(async (input) => {
            const r = await requestErasureAction(input);
            if (r.ok) setVerification({ verificationId: r.data.verificationId, target: r.data.maskedTarget });
            else setError("root.server", { message: r.error });
          })}
        >
          <fieldset aria-labelledby={legendId} className="space-y-2">
            <legend id={legendId} className="font-semibold text-slate-900">
              {t("eraseChannel")}
            </legend>
            {hasEmail ? (
              <label className="flex min-h-11 items-center gap-3">
                <input type="radio" value="email" className="size-5 accent-brand-700" {...register("channel")} />
                {t("eraseByEmail")}
              </label>
            ) : null}
            {hasPhone ? (
              <label className="flex min-h-11 items-center gap-3">
                <input type="radio" value="sms" className="size-5 accent-brand-700" {...register("channel")} />
                {t("eraseBySms")}
              </label>
            ) : null}
          </fieldset>
          <Button type="submit" variant="danger-outline" pending={isSubmitting}>
            {t("eraseSendCode")}
          </Button>
        </form>
      )}
      {error ? <Notice tone="error">{error}</Notice> : null}
    </div>
  );
}
