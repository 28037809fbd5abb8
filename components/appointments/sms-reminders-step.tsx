"use client";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { CodeConfirmForm } from "@/components/account/code-confirm-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-error";
import type { ActionResult } from "@/lib/auth/customer-action";
import type { mobileNumberSchema } from "@/lib/account/schemas";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";

type In = z.input<typeof mobileNumberSchema>;
type Out = z.output<typeof mobileNumberSchema>;

// The schema (zod) loads when the number is first typed, not with the booking page.
const schema = lazyZodResolver<In, Out>(() => import("@/lib/account/schemas").then((m) => m.mobileNumberSchema));
/** `display`: the number as the server writes it (« 06 12 34 56 78 »); no phone metadata on this page. */
type Verification = { verificationId: string; target: string; display: string };
type DeliveryState = "queued" | "sent" | "failed";

export interface SmsStepActions {
  requestCode: (input: Out) => Promise<ActionResult<Verification>>;
  delivery: (input: { verificationId: string }) => Promise<ActionResult<{ state: DeliveryState }>>;
  /** The account's phone-change confirmation (confirmContactChangeAction). */
  confirm: (input: { verificationId: string; code: string; purpose: "phone-change" }) => Promise<ActionResult<{ field: "email" | "phone"; value: string }>>;
}

const EVERY_MS = 2_000;
const MAX_CHECKS = 45;

/**
 * The booking flow's optional « Recevoir les rappels par SMS », for a customer with no mobile (a
 * first sign-in by email): a number, « Envoyer le code », then the code, with the account page's
 * phone-change verification (the number is written, and used, only once confirmed). It is a
 * sibling of the booking form, never inside it (no nested forms), and the booking never waits for
 * it: skipped or half done, « Confirmer le rendez-vous » books with the channels verified so far.
 * The SMS is said « envoyé » only once the provider took it (the outbox row's state).
 */
export function SmsRemindersStep({ offered, pending, actions }: { offered: boolean; pending: Verification | null; actions: SmsStepActions }) {
  const t = useTranslations("booking.sms");
  const headingId = useId();
  const [verification, setVerification] = useState<Verification | null>(pending);
  const [confirmed, setConfirmed] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({ resolver: schema.resolver, defaultValues: { phone: "" } });

  // Already reachable by SMS, or not known (HubSpot unreachable): nothing to ask. Confirmed here, the
  // page may be drawn again (the confirmation revalidates) with the number on file: the step stays.
  if (!offered && !confirmed && !verification) return null;

  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4" data-sms-step>
      <h3 id={headingId} className="font-semibold text-slate-900">
        {t("title")}
      </h3>
      {confirmed ? (
        <Notice tone="success">{t("confirmed", { target: confirmed })}</Notice>
      ) : verification ? (
        <>
          <CodeDelivery key={verification.verificationId} verificationId={verification.verificationId} delivery={actions.delivery} />
          <CodeConfirmForm
            verificationId={verification.verificationId}
            intro={t("codeSent", { target: verification.display })}
            label={t("codeLabel")}
            submitLabel={t("confirm")}
            pendingLabel={t("confirming")}
            onConfirm={(input) => actions.confirm({ ...input, purpose: "phone-change" })}
            onDone={() => {
              // The number confirmed is the one the code went to.
              setConfirmed(verification.display);
              setVerification(null);
            }}
          />
          <Button variant="link" size="inline" onClick={() => setVerification(null)}>
            {t("otherNumber")}
          </Button>
        </>
      ) : (
        <>
          <p className="text-sm text-slate-700">{t("intro")}</p>
          <form
            noValidate
            aria-busy={isSubmitting}
            className="space-y-3"
            onFocus={schema.preload}
            onPointerDown={schema.preload}
            onSubmit={handleSubmit(async (input) => {
              setError(null);
              let result: ActionResult<Verification>;
              try {
                result = await actions.requestCode(input);
              } catch {
                setError(t("genericError"));
                return;
              }
              if (result.ok) setVerification(result.data);
              else if (result.fieldErrors?.phone) setFieldError("phone", { message: result.fieldErrors.phone });
              else setError(result.error);
            })}
          >
            <Field
              label={t("phone")}
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              hint={t("phoneHint")}
              error={errors.phone?.message}
              className="max-w-sm"
              {...register("phone")}
            />
            <Button type="submit" variant="secondary" pending={isSubmitting} pendingLabel={t("sending")}>
              {t("send")}
            </Button>
          </form>
        </>
      )}
      <Notice tone="error">{error}</Notice>
    </section>
  );
}

/** « Envoi du SMS en cours… », then « SMS envoyé » or « n'a pas pu être envoyé », as the outbox says. */
function CodeDelivery({ verificationId, delivery }: { verificationId: string; delivery: SmsStepActions["delivery"] }) {
  const t = useTranslations("booking.sms.delivery");
  const [state, setState] = useState<DeliveryState>("queued");
  const [checks, setChecks] = useState(0);
  useEffect(() => {
    if (state !== "queued" || checks >= MAX_CHECKS) return;
    const timer = setTimeout(
      async () => {
        try {
          const reply = await delivery({ verificationId });
          if (reply.ok) setState(reply.data.state);
        } catch {
          // A lost answer: the next check asks again.
        }
        setChecks((n) => n + 1);
      },
      checks === 0 ? 800 : EVERY_MS,
    );
    return () => clearTimeout(timer);
  }, [delivery, verificationId, state, checks]);
  return (
    <p role="status" data-delivery={state} className={state === "failed" ? "text-sm font-medium text-red-900" : "text-sm text-slate-700"}>
      {t(state)}
    </p>
  );
}
