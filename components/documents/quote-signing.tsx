"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useForm, type FieldValues, type UseFormSetError } from "react-hook-form";
import { Notice } from "@/components/ui/form-error";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import { useSingleFlight } from "@/components/ui/use-single-flight";
import type { ActionResult } from "@/lib/auth/customer-action";
import { requestSigningCodeAction } from "@/lib/documents/actions/request-signing-code";
import { signQuoteAction } from "@/lib/documents/actions/sign-quote";
import { RefuseQuoteForm } from "./refuse-quote-form";
import type { SignatureCanvasHandle } from "./signature-canvas";
import { SigningCodeForm, type SigningCode, type SigningCodeValues } from "./signing-code-form";
import { signingRequestResolver, SigningRequestForm, type SigningRequest, type SigningRequestValues } from "./signing-request-form";

type CodeSent = { channel: "sms" | "email"; destination: string; expiresAt: string };
type Message = { tone: "error" | "success" | "info"; text: string };

const confirmSchema = lazyZodResolver<SigningCodeValues, SigningCode>(() => import("@/lib/documents/schemas").then((m) => m.confirmSignatureSchema));

/**
 * Signing a quote in two steps: (1) consent "Bon pour accord" + signature drawn or typed → a code
 * is sent; (2) the code → signed. Each step is one server action, validated first with the same
 * zod schema (react-hook-form); a double click sends one request (the server also holds one
 * signature per quote). Progress and errors are announced. Both forms live here, so going back
 * to step 1 for a new code finds the consent, name and signature as they were.
 */
export function QuoteSigning({ quoteId, consentText, defaultName, pending }: { quoteId: string; consentText: string; defaultName: string; pending: CodeSent | null }) {
  const t = useTranslations("documents.sign");
  const router = useRouter();
  const [step, setStep] = useState<"form" | "code" | "done">(pending ? "code" : "form");
  const [sent, setSent] = useState<CodeSent | null>(pending);
  const [message, setMessage] = useState<Message | null>(null);
  const { busy, run } = useSingleFlight();
  const canvasRef = useRef<SignatureCanvasHandle>(null);
  const request = useForm<SigningRequestValues, unknown, SigningRequest>({
    resolver: signingRequestResolver,
    defaultValues: { quoteId, consent: false, signerName: defaultName, mode: "drawn", typedName: defaultName },
  });
  const confirm = useForm<SigningCodeValues, unknown, SigningCode>({ resolver: confirmSchema.resolver, defaultValues: { quoteId, code: "" } });
  const codeSent = (to: CodeSent) => (to.channel === "sms" ? t("codeSentSms", { to: to.destination }) : t("codeSentEmail", { to: to.destination }));

  /** One server action at a time; a refusal shows its message and marks the fields it names. */
  const send = <T, V extends FieldValues>(action: () => Promise<ActionResult<T>>, setError: UseFormSetError<V>, onOk: (data: T) => void) =>
    run(async () => {
      setMessage(null);
      try {
        const result = await action();
        if (result.ok) return onOk(result.data);
        for (const [field, text] of Object.entries(result.fieldErrors ?? {})) setError(field as Parameters<UseFormSetError<V>>[0], { message: text });
        setMessage({ tone: "error", text: result.error });
      } catch {
        setMessage({ tone: "error", text: t("networkError") });
      }
    });

  const requestCode = (event: React.FormEvent<HTMLFormElement>) => {
    if (request.getValues("mode") === "drawn") request.setValue("drawing", canvasRef.current?.read() ?? request.getValues("drawing"));
    return request.handleSubmit(
      (input) =>
        send(
          () => requestSigningCodeAction(input),
          request.setError,
          (data) => {
            setSent(data);
            confirm.reset({ quoteId, code: "" });
            setStep("code");
            setMessage({ tone: "info", text: codeSent(data) });
          },
        ),
      () => setMessage({ tone: "error", text: t("fixErrors") }),
    )(event);
  };

  const signNow = confirm.handleSubmit((input) =>
    send(
      () => signQuoteAction(input),
      confirm.setError,
      () => {
        setStep("done");
        setMessage({ tone: "success", text: t("signed") });
        // The page comes back as the signed quote (this form is gone then): ?signe=1 keeps the thanks on it.
        router.replace(`${window.location.pathname}?signe=1`, { scroll: false });
      },
    ),
  );

  if (step === "done") return <Notice tone="success">{t("signed")}</Notice>;

  return (
    <div className="space-y-4" aria-busy={busy}>
      <SigningSteps step={step} />
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : <Notice tone="info">{null}</Notice>}
      {step === "form" ? (
        <SigningRequestForm form={request} consentText={consentText} busy={busy} canvasRef={canvasRef} onSubmit={requestCode} />
      ) : (
        <SigningCodeForm
          form={confirm}
          busy={busy}
          sentNotice={sent && !message ? <Notice tone="info">{codeSent(sent)}</Notice> : null}
          onSubmit={signNow}
          onNewCode={() => {
            setStep("form");
            setMessage(null);
          }}
        />
      )}
      <RefuseQuoteForm quoteId={quoteId} />
    </div>
  );
}

function SigningSteps({ step }: { step: "form" | "code" }) {
  const t = useTranslations("documents.sign");
  return (
    <ol className="flex gap-3 text-sm text-slate-700" aria-label={t("stepsLabel")}>
      <li aria-current={step === "form" ? "step" : undefined} className="aria-[current=step]:font-semibold aria-[current=step]:text-brand-900">
        {t("step1")}
      </li>
      <li aria-hidden="true">→</li>
      <li aria-current={step === "code" ? "step" : undefined} className="aria-[current=step]:font-semibold aria-[current=step]:text-brand-900">
        {t("step2")}
      </li>
    </ol>
  );
}
