"use client";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import type { UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { confirmSignatureSchema } from "@/lib/documents/schemas";

export type SigningCodeValues = z.input<typeof confirmSignatureSchema>;
export type SigningCode = z.output<typeof confirmSignatureSchema>;

/** Step 2: the code sent by SMS or email; entering it signs. Or back to step 1 for a new code. */
export function SigningCodeForm({
  form,
  busy,
  sentNotice,
  onSubmit,
  onNewCode,
}: {
  form: UseFormReturn<SigningCodeValues, unknown, SigningCode>;
  busy: boolean;
  /** Where the code went, when nothing else is announced. */
  sentNotice: ReactNode;
  onSubmit: (event: React.FormEvent<HTMLFormElement>) => void;
  onNewCode: () => void;
}) {
  const t = useTranslations("documents.sign");
  const code = form.register("code");
  return (
    <form noValidate className="space-y-3" onSubmit={onSubmit}>
      {sentNotice}
      <Field
        label={t("codeLabel")}
        hint={t("codeHelp")}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        error={form.formState.errors.code?.message}
        className="max-w-56"
        {...code}
        onChange={(event) => {
          // Digits only, as typed or pasted ("123 456" → "123456").
          event.target.value = event.target.value.replace(/\D/g, "");
          return code.onChange(event);
        }}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" pending={busy} pendingLabel={t("signing")}>
          {t("signNow")}
        </Button>
        <Button variant="secondary" onClick={onNewCode}>
          {t("newCode")}
        </Button>
      </div>
    </form>
  );
}
