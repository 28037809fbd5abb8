"use client";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import type { codeSchema } from "@/lib/account/schemas";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import type { ActionResult } from "@/lib/auth/customer-action";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-error";

type In = z.input<typeof codeSchema>;
type Out = z.output<typeof codeSchema>;

// The schema (zod) loads when the form is first used, not with the page.
const schema = lazyZodResolver<In, Out>(() => import("@/lib/account/schemas").then((m) => m.codeSchema));

/** The 6-digit code form shared by the email/phone change and the erasure. */
export function CodeConfirmForm<T>({
  verificationId,
  intro,
  label,
  submitLabel,
  pendingLabel,
  danger,
  onConfirm,
  onDone,
}: {
  verificationId: string;
  intro: string;
  label: string;
  submitLabel: string;
  pendingLabel: string;
  danger?: boolean;
  onConfirm: (input: Out) => Promise<ActionResult<T>>;
  onDone: (data: T) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({ resolver: schema.resolver, defaultValues: { verificationId, code: "" } });
  return (
    <form
      noValidate
      className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4"
      aria-busy={isSubmitting}
      onFocus={schema.preload}
      onPointerDown={schema.preload}
      onSubmit={handleSubmit(async (input) => {
        setError(null);
        const result = await onConfirm(input);
        if (result.ok) onDone(result.data);
        else setError(result.fieldErrors?.code ?? result.error);
      })}
    >
      <Notice tone="info">{intro}</Notice>
      <input type="hidden" {...register("verificationId")} />
      <Field
        label={label}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        error={errors.code?.message ?? error ?? undefined}
        className="max-w-56"
        {...register("code")}
      />
      <Button type="submit" variant={danger ? "danger" : "primary"} pending={isSubmitting} pendingLabel={pendingLabel}>
        {submitLabel}
      </Button>
    </form>
  );
}
