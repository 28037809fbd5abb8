"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { confirmErasureAction, requestErasureAction } from "@/lib/account/actions/erasure";
import type { KeptItem } from "@/lib/model/retention";
import { CodeConfirmForm } from "./code-confirm-form";
import { Notice } from "./field";

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
  const [channel, setChannel] = useState<"email" | "sms">(hasEmail ? "email" : "sms");
  const [verification, setVerification] = useState(pending);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
          aria-busy={busy}
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError(null);
            const r = await requestErasureAction({ channel });
            setBusy(false);
            if (r.ok) setVerification({ verificationId: r.data.verificationId, target: r.data.maskedTarget });
            else setError(r.error);
          }}
        >
          <fieldset aria-labelledby={legendId} className="space-y-2">
            <legend id={legendId} className="font-semibold text-slate-900">
              {t("eraseChannel")}
            </legend>
            {hasEmail ? (
              <label className="flex min-h-11 items-center gap-3">
                <input type="radio" name="channel" value="email" checked={channel === "email"} onChange={() => setChannel("email")} className="size-5 accent-brand-700" />
                {t("eraseByEmail")}
              </label>
            ) : null}
            {hasPhone ? (
              <label className="flex min-h-11 items-center gap-3">
                <input type="radio" name="channel" value="sms" checked={channel === "sms"} onChange={() => setChannel("sms")} className="size-5 accent-brand-700" />
                {t("eraseBySms")}
              </label>
            ) : null}
          </fieldset>
          <button
            type="submit"
            aria-disabled={busy || undefined}
            className="inline-flex min-h-11 items-center justify-center rounded-lg border border-red-700 bg-white px-4 text-sm font-semibold text-red-700 hover:bg-red-50"
          >
            {t("eraseSendCode")}
          </button>
        </form>
      )}
      {error ? <Notice tone="error">{error}</Notice> : null}
    </div>
  );
}
