"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { confirmContactChangeAction } from "@/lib/account/actions/confirm-contact-change";
import { updateDetailsAction } from "@/lib/account/actions/update-details";
import type { contactDetailsSchema } from "@/lib/account/schemas";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import type { PendingVerification } from "@/lib/account/update-contact-details";
import { CodeConfirmForm } from "./code-confirm-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-error";

type In = z.input<typeof contactDetailsSchema>;
type Out = z.output<typeof contactDetailsSchema>;

// The schema (zod, phone metadata) loads when the form is first used, not with the page (issue 19).
const schema = lazyZodResolver<In, Out>(() => import("@/lib/account/schemas").then((m) => m.contactDetailsSchema));

/** Name, email, mobile: one schema for the browser and the server action. */
export function DetailsForm({ initial, pendingFields, verifications: initialVerifications }: { initial: In; pendingFields: string[]; verifications: PendingVerification[] }) {
  const t = useTranslations("account");
  const router = useRouter();
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [verifications, setVerifications] = useState<PendingVerification[]>(initialVerifications);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<In, unknown, Out>({ resolver: schema.resolver, defaultValues: initial });

  const pending = (field: string) => (pendingFields.includes(field) ? ` (${t("pending")})` : "");

  return (
    <div className="space-y-4">
      <form
        noValidate
        aria-busy={isSubmitting}
        onFocus={schema.preload}
        onPointerDown={schema.preload}
        className="grid gap-x-4 sm:grid-cols-2"
        onSubmit={handleSubmit(async (input) => {
          setNotice(null);
          if (!isDirty) {
            setNotice({ tone: "success", text: t("nothingChanged") });
            return;
          }
          const result = await updateDetailsAction(input);
          if (!result.ok) {
            for (const [k, v] of Object.entries(result.fieldErrors ?? {})) setError(k as keyof In, { message: v });
            setNotice({ tone: "error", text: result.error });
            return;
          }
          setVerifications((v) => [...v.filter((x) => !result.data.verifications.some((n) => n.purpose === x.purpose)), ...result.data.verifications]);
          if (result.data.saved) setNotice({ tone: "success", text: t("saved") });
          router.refresh();
        })}
      >
        <Field label={t("firstName") + pending("firstname")} autoComplete="given-name" error={errors.firstName?.message} {...register("firstName")} />
        <Field label={t("lastName") + pending("lastname")} autoComplete="family-name" error={errors.lastName?.message} {...register("lastName")} />
        <Field label={t("email") + pending("email")} type="email" autoComplete="email" inputMode="email" error={errors.email?.message} {...register("email")} />
        <Field label={t("phone") + pending("phone")} type="tel" autoComplete="tel" inputMode="tel" hint={t("phoneHint")} error={errors.phone?.message} {...register("phone")} />
        <p className="text-sm text-slate-600 sm:col-span-2">{t("detailsHint")}</p>
        <div className="mt-3 sm:col-span-2">
          <Button type="submit" pending={isSubmitting} pendingLabel={t("saving")}>
            {t("save")}
          </Button>
        </div>
      </form>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : <Notice tone="success">{null}</Notice>}
      {verifications.map((v) => (
        <CodeConfirmForm
          key={v.verificationId}
          verificationId={v.verificationId}
          intro={t(v.channel === "email" ? "codeSentEmail" : "codeSentSms", { target: v.target })}
          label={t("codeLabel")}
          submitLabel={t("confirm")}
          pendingLabel={t("confirming")}
          onConfirm={(input) => confirmContactChangeAction({ ...input, purpose: v.purpose })}
          onDone={(data) => {
            setVerifications((list) => list.filter((x) => x.verificationId !== v.verificationId));
            setNotice({ tone: "success", text: t(data.field === "email" ? "emailConfirmed" : "phoneConfirmed") });
            router.refresh();
          }}
        />
      ))}
    </div>
  );
}
