"use client";
import { useTranslations } from "next-intl";
import { useId, type RefObject } from "react";
import { useWatch, type Resolver, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field, useFieldIds } from "@/components/ui/field";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import type { signingRequestSchema } from "@/lib/documents/schemas";
import { SignatureCanvas, type SignatureCanvasHandle } from "./signature-canvas";

/** The form's values: the consent box starts unticked (the schema only accepts it ticked). */
export type SigningRequestValues = Omit<z.input<typeof signingRequestSchema>, "consent"> & { consent: boolean };
export type SigningRequest = z.output<typeof signingRequestSchema>;

/** The signing forms' schemas load when the customer first touches a form, not with the page. */
export const signingSchemas = {
  request: lazyZodResolver<SigningRequestValues, SigningRequest>(() => import("@/lib/documents/schemas").then((m) => m.signingRequestSchema)),
  preload: () => signingSchemas.request.preload(),
};

/** The action's schema checks the signature chosen (drawn or typed), not the other one left behind. */
export const signingRequestResolver: Resolver<SigningRequestValues, unknown, SigningRequest> = (values, context, options) =>
  signingSchemas.request.resolver(
    { ...values, drawing: values.mode === "drawn" ? values.drawing : undefined, typedName: values.mode === "typed" ? values.typedName : undefined },
    context,
    options,
  );

/**
 * Step 1: "Bon pour accord", the signer's name and the signature, drawn on the canvas or typed
 * (the accessible alternative). The drawing is not an input: the canvas reports it, and it is read
 * once more at submit, whatever events were seen.
 */
export function SigningRequestForm({
  form,
  consentText,
  busy,
  canvasRef,
  onSubmit,
}: {
  form: UseFormReturn<SigningRequestValues, unknown, SigningRequest>;
  consentText: string;
  busy: boolean;
  canvasRef: RefObject<SignatureCanvasHandle | null>;
  onSubmit: (event: React.FormEvent<HTMLFormElement>) => void;
}) {
  const t = useTranslations("documents.sign");
  const drawHelpId = useId();
  const {
    register,
    setValue,
    control,
    formState: { errors },
  } = form;
  const consent = useFieldIds({ error: errors.consent?.message });
  const mode = useWatch({ control, name: "mode" });
  return (
    <form noValidate className="space-y-4" onSubmit={onSubmit} onFocus={signingSchemas.preload} onPointerDown={signingSchemas.preload}>
      <div className="rounded-lg border border-slate-300 bg-slate-50 p-3">
        <div className="flex items-start gap-3">
          <input type="checkbox" {...consent.control} className="mt-1 h-6 w-6 shrink-0 accent-brand-700" {...register("consent")} />
          <label htmlFor={consent.id} className="text-sm text-slate-900">
            {consentText}
          </label>
        </div>
        <p id={consent.errorId} className="min-h-5 text-sm font-medium text-red-800">
          {errors.consent?.message}
        </p>
      </div>
      <Field label={t("signerName")} autoComplete="name" error={errors.signerName?.message} {...register("signerName")} />
      <fieldset className="space-y-3">
        <legend className="font-semibold text-slate-900">{t("modeLegend")}</legend>
        <div className="flex flex-wrap gap-4">
          {(["drawn", "typed"] as const).map((m) => (
            <label key={m} className="inline-flex min-h-11 items-center gap-2 text-sm">
              <input type="radio" value={m} className="h-5 w-5 accent-brand-700" {...register("mode")} />
              {m === "drawn" ? t("modeDrawn") : t("modeTyped")}
            </label>
          ))}
        </div>
        {mode === "drawn" ? (
          <div className="space-y-1">
            <p id={drawHelpId} className="text-sm text-slate-600">
              {t("drawHelp")}
            </p>
            <SignatureCanvas ref={canvasRef} label={t("canvasLabel")} clearLabel={t("clear")} onChange={(png) => setValue("drawing", png ?? undefined)} describedBy={drawHelpId} />
            <p className="min-h-5 text-sm font-medium text-red-800">{errors.drawing?.message}</p>
          </div>
        ) : (
          <Field label={t("typedName")} hint={t("typedHelp")} error={errors.typedName?.message} {...register("typedName")} />
        )}
      </fieldset>
      <Button type="submit" variant="primary" pending={busy} pendingLabel={t("sendingCode")}>
        {t("getCode")}
      </Button>
    </form>
  );
}
