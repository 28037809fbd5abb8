"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { Field, Notice, PrimaryButton } from "@/components/account/field";
import type { ActionResult } from "@/lib/auth/customer-action";
import { refuseQuoteAction } from "@/lib/documents/actions/refuse-quote";
import { requestSigningCodeAction } from "@/lib/documents/actions/request-signing-code";
import { signQuoteAction } from "@/lib/documents/actions/sign-quote";
import { confirmSignatureSchema, refuseQuoteSchema, signingRequestSchema } from "@/lib/documents/schemas";
import { SignatureCanvas, type SignatureCanvasHandle } from "./signature-canvas";

type Pending = { channel: "sms" | "email"; destination: string; expiresAt: string } | null;

function firstErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const k = String(i.path[0] ?? "_");
    if (!(k in out)) out[k] = i.message;
  }
  return out;
}

/**
 * Signing a quote in two steps: (1) consent "Bon pour accord" + signature drawn or typed → a code
 * is sent; (2) the code → signed. Each step is one server action; buttons ignore clicks while a
 * step runs (the server also holds one signature per quote). Progress and errors are announced.
 */
export function QuoteSigning({ quoteId, consentText, defaultName, pending }: { quoteId: string; consentText: string; defaultName: string; pending: Pending }) {
  const t = useTranslations("documents.sign");
  const router = useRouter();
  const ids = { consent: useId(), mode: useId(), drawHelp: useId() };
  const [step, setStep] = useState<"form" | "code" | "done">(pending ? "code" : "form");
  const [sent, setSent] = useState<Pending>(pending);
  const [consent, setConsent] = useState(false);
  const [signerName, setSignerName] = useState(defaultName);
  const [mode, setMode] = useState<"drawn" | "typed">("drawn");
  const [drawing, setDrawing] = useState<string | null>(null);
  const [typedName, setTypedName] = useState(defaultName);
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success" | "info"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const canvasRef = useRef<SignatureCanvasHandle>(null);

  async function run<T>(fn: () => Promise<ActionResult<T>>, onOk: (data: T) => void): Promise<void> {
    if (busyRef.current) return; // a double click sends one request
    busyRef.current = true;
    setBusy(true);
    setMessage(null);
    try {
      const result = await fn();
      if (result.ok) onOk(result.data);
      else {
        setErrors(result.fieldErrors ?? {});
        setMessage({ tone: "error", text: result.error });
      }
    } catch {
      setMessage({ tone: "error", text: t("networkError") });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }

  async function requestCode() {
    const drawn = mode === "drawn" ? (canvasRef.current?.read() ?? drawing) : null;
    const input = { quoteId, consent, signerName, mode, drawing: drawn ?? undefined, typedName: mode === "typed" ? typedName : undefined };
    const parsed = signingRequestSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(firstErrors(parsed.error.issues));
      setMessage({ tone: "error", text: t("fixErrors") });
      return;
    }
    setErrors({});
    await run(
      () => requestSigningCodeAction(parsed.data),
      (data) => {
        setSent(data);
        setCode("");
        setStep("code");
        setMessage({ tone: "info", text: data.channel === "sms" ? t("codeSentSms", { to: data.destination }) : t("codeSentEmail", { to: data.destination }) });
      },
    );
  }

  async function confirm() {
    const parsed = confirmSignatureSchema.safeParse({ quoteId, code });
    if (!parsed.success) {
      setErrors(firstErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    await run(
      () => signQuoteAction(parsed.data),
      () => {
        setStep("done");
        setMessage({ tone: "success", text: t("signed") });
        // The page comes back as the signed quote (this form is gone then): ?signe=1 keeps the thanks on it.
        router.replace(`${window.location.pathname}?signe=1`, { scroll: false });
      },
    );
  }

  if (step === "done") {
    return <Notice tone="success">{t("signed")}</Notice>;
  }

  return (
    <div className="space-y-4" aria-busy={busy}>
      <ol className="flex gap-3 text-sm text-slate-700" aria-label={t("stepsLabel")}>
        <li aria-current={step === "form" ? "step" : undefined} className="aria-[current=step]:font-semibold aria-[current=step]:text-brand-900">
          {t("step1")}
        </li>
        <li aria-hidden="true">→</li>
        <li aria-current={step === "code" ? "step" : undefined} className="aria-[current=step]:font-semibold aria-[current=step]:text-brand-900">
          {t("step2")}
        </li>
      </ol>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : <Notice tone="info">{null}</Notice>}

      {step === "form" ? (
        <form
          noValidate
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            void requestCode();
          }}
        >
          <div className="rounded-lg border border-slate-300 bg-slate-50 p-3">
            <div className="flex items-start gap-3">
              <input
                id={ids.consent}
                type="checkbox"
                checked={consent}
                onChange={(e) => setConsent(e.target.checked)}
                aria-invalid={errors.consent ? true : undefined}
                aria-describedby={errors.consent ? `${ids.consent}-err` : undefined}
                className="mt-1 h-6 w-6 shrink-0 accent-brand-700"
              />
              <label htmlFor={ids.consent} className="text-sm text-slate-900">
                {consentText}
              </label>
            </div>
            <p id={`${ids.consent}-err`} className="min-h-5 text-sm font-medium text-red-800">
              {errors.consent}
            </p>
          </div>
          <Field label={t("signerName")} autoComplete="name" value={signerName} onChange={(e) => setSignerName(e.target.value)} error={errors.signerName} />
          <fieldset className="space-y-3">
            <legend className="font-semibold text-slate-900">{t("modeLegend")}</legend>
            <div className="flex flex-wrap gap-4">
              {(["drawn", "typed"] as const).map((m) => (
                <label key={m} className="inline-flex min-h-11 items-center gap-2 text-sm">
                  <input type="radio" name={ids.mode} value={m} checked={mode === m} onChange={() => setMode(m)} className="h-5 w-5 accent-brand-700" />
                  {m === "drawn" ? t("modeDrawn") : t("modeTyped")}
                </label>
              ))}
            </div>
            {mode === "drawn" ? (
              <div className="space-y-1">
                <p id={ids.drawHelp} className="text-sm text-slate-600">
                  {t("drawHelp")}
                </p>
                <SignatureCanvas ref={canvasRef} label={t("canvasLabel")} clearLabel={t("clear")} onChange={setDrawing} describedBy={ids.drawHelp} />
                <p className="min-h-5 text-sm font-medium text-red-800">{errors.drawing}</p>
              </div>
            ) : (
              <Field label={t("typedName")} hint={t("typedHelp")} value={typedName} onChange={(e) => setTypedName(e.target.value)} error={errors.typedName} />
            )}
          </fieldset>
          <PrimaryButton pending={busy} pendingLabel={t("sendingCode")}>
            {t("getCode")}
          </PrimaryButton>
        </form>
      ) : (
        <form
          noValidate
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          {sent && !message ? <Notice tone="info">{sent.channel === "sms" ? t("codeSentSms", { to: sent.destination }) : t("codeSentEmail", { to: sent.destination })}</Notice> : null}
          <Field
            label={t("codeLabel")}
            hint={t("codeHelp")}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
            error={errors.code}
            className="max-w-56"
          />
          <div className="flex flex-wrap gap-2">
            <PrimaryButton pending={busy} pendingLabel={t("signing")}>
              {t("signNow")}
            </PrimaryButton>
            <button
              type="button"
              onClick={() => {
                setStep("form");
                setMessage(null);
              }}
              className="inline-flex min-h-11 items-center rounded-lg border border-brand-700 bg-white px-4 text-sm font-semibold text-brand-700 hover:bg-brand-50"
            >
              {t("newCode")}
            </button>
          </div>
        </form>
      )}
      <RefuseQuote quoteId={quoteId} />
    </div>
  );
}

function RefuseQuote({ quoteId }: { quoteId: string }) {
  const t = useTranslations("documents.refuse");
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();
  if (done) return <Notice tone="success">{t("done")}</Notice>;
  return (
    <details className="rounded-lg border border-slate-200 p-3">
      <summary className="min-h-11 cursor-pointer py-2 text-sm font-semibold text-slate-800">{t("summary")}</summary>
      <form
        noValidate
        className="mt-2 space-y-2"
        onSubmit={async (e) => {
          e.preventDefault();
          if (busy) return;
          const parsed = refuseQuoteSchema.safeParse({ quoteId, reason });
          if (!parsed.success) {
            setError(parsed.error.issues[0]?.message ?? t("invalid"));
            return;
          }
          setBusy(true);
          setError(null);
          try {
            const result = await refuseQuoteAction(parsed.data);
            if (result.ok) {
              setDone(true);
              router.refresh();
            } else setError(result.fieldErrors?.reason ?? result.error);
          } catch {
            setError(t("networkError"));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label htmlFor={id} className="block text-sm font-semibold text-slate-900">
          {t("reasonLabel")}
        </label>
        <p id={`${id}-aide`} className="text-sm text-slate-600">
          {t("reasonHelp")}
        </p>
        <textarea
          id={id}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={1000}
          rows={3}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-aide ${id}-err`}
          className="block w-full rounded-lg border border-slate-400 px-3 py-2 text-base"
        />
        <p id={`${id}-err`} role={error ? "alert" : undefined} className="min-h-5 text-sm font-medium text-red-800">
          {error}
        </p>
        <button
          type="submit"
          aria-disabled={busy || undefined}
          className="inline-flex min-h-11 items-center rounded-lg bg-red-700 px-4 text-sm font-semibold text-white hover:bg-red-800 aria-disabled:opacity-70"
        >
          {busy ? t("sending") : t("submit")}
        </button>
      </form>
    </details>
  );
}
