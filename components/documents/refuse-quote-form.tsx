"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { FieldFrame } from "@/components/ui/field";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import { Notice } from "@/components/ui/form-error";
import { useSingleFlight } from "@/components/ui/use-single-flight";
import { refuseQuoteAction } from "@/lib/documents/actions/refuse-quote";
import type { refuseQuoteSchema } from "@/lib/documents/schemas";

type In = z.input<typeof refuseQuoteSchema>;
type Out = z.output<typeof refuseQuoteSchema>;

const schema = lazyZodResolver<In, Out>(() => import("@/lib/documents/schemas").then((m) => m.refuseQuoteSchema));

/** "Refuser ce devis", folded away under the signature: a reason, sent to the service desk. */
export function RefuseQuoteForm({ quoteId }: { quoteId: string }) {
  const t = useTranslations("documents.refuse");
  const router = useRouter();
  const [done, setDone] = useState(false);
  const { busy, run } = useSingleFlight();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<In, unknown, Out>({ resolver: schema.resolver, defaultValues: { quoteId, reason: "" } });
  if (done) return <Notice tone="success">{t("done")}</Notice>;
  return (
    <details className="rounded-lg border border-slate-200 p-3" onToggle={schema.preload}>
      <summary className="min-h-11 cursor-pointer py-2 text-sm font-semibold text-slate-800">{t("summary")}</summary>
      <form
        noValidate
        className="mt-2 space-y-2"
        onSubmit={handleSubmit((input) =>
          run(async () => {
            try {
              const result = await refuseQuoteAction(input);
              if (result.ok) {
                setDone(true);
                router.refresh();
              } else setError("reason", { message: result.fieldErrors?.reason ?? result.error });
            } catch {
              setError("reason", { message: t("networkError") });
            }
          }),
        )}
      >
        {/* Every message (the schema's, the server's, the network's) is said under the reason. */}
        <FieldFrame label={t("reasonLabel")} hint={t("reasonHelp")} error={errors.reason?.message ?? errors.quoteId?.message} size="sm" announce="alert">
          {(control) => <textarea {...control} maxLength={1000} rows={3} className="block w-full rounded-lg border border-slate-400 px-3 py-2 text-base" {...register("reason")} />}
        </FieldFrame>
        <Button type="submit" variant="danger" pending={busy} pendingLabel={t("sending")}>
          {t("submit")}
        </Button>
      </form>
    </details>
  );
}
