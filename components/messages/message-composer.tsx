"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FieldFrame } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useIdempotencyKey } from "@/components/ui/use-idempotency-key";
import type { ActionResult } from "@/lib/auth/customer-action";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import { MAX_ATTACHMENTS, REQUEST_KIND_VALUES } from "@/lib/messages/limits";
import type { NewConversationInput, ReplyInput } from "@/lib/messages/schemas";
import { AttachmentPicker, type PickedFile } from "./attachment-picker";

type Sent = { messageId: string; conversationId: string | null };
/**
 * What the customer types, checked with the action's own schema; the key is added at submit. The
 * schemas (zod) load when a form is first used, not with the page (issue 19).
 */
type ReplyFields = Omit<ReplyInput, "idempotencyKey">;
type NewConversationFields = Omit<NewConversationInput, "idempotencyKey">;
const schemas = () => import("@/lib/messages/schemas");
const replyFields = lazyZodResolver<ReplyFields, ReplyFields>(() => schemas().then((m) => m.replySchema.omit({ idempotencyKey: true })));
const newConversationFields = lazyZodResolver<NewConversationFields, NewConversationFields>(() =>
  schemas().then((m) => m.newConversationSchema.omit({ idempotencyKey: true })),
);

const field = "mt-1 block w-full rounded-lg border border-slate-500 px-3 py-2 text-base focus-visible:outline-3 focus-visible:outline-brand-700";
const errorText = "mt-1 text-sm text-red-800";

function useAttachments() {
  const [files, setFiles] = useState<PickedFile[]>([]);
  const busy = files.some((f) => f.status === "uploading");
  const ids = files.filter((f) => f.status === "done" && f.uploadId).map((f) => f.uploadId!);
  return { files, setFiles, busy, ids };
}

/**
 * Sends one submission with the form's idempotency key. No answer (network lost after the server
 * may have committed): says so and keeps the key, so « Envoyer » again sends the message once.
 */
async function sendOnce<T>(send: () => Promise<ActionResult<T>>, uncertain: string): Promise<ActionResult<T>> {
  try {
    return await send();
  } catch {
    return { ok: false, code: "UNCONFIRMED", error: uncertain };
  }
}

/** Both forms end the same way: attachments, the server's refusal, and send (waits for the uploads). */
function ComposerFooter({ attachments, serverError, submitting }: { attachments: ReturnType<typeof useAttachments>; serverError: string | undefined; submitting: boolean }) {
  const t = useTranslations("thread");
  return (
    <>
      <AttachmentPicker files={attachments.files} onChange={attachments.setFiles} max={MAX_ATTACHMENTS} />
      <FormError variant="inline">{serverError}</FormError>
      <Button type="submit" size="lg" disabled={submitting || attachments.busy} pending={submitting} pendingLabel={t("sending")}>
        {t("send")}
      </Button>
    </>
  );
}

/** A reply in an existing conversation. */
export function ReplyForm({ conversationId, action, onSent }: { conversationId: string; action: (input: ReplyInput) => Promise<ActionResult<Sent>>; onSent: (sent: Sent) => void }) {
  const t = useTranslations("thread");
  const attachments = useAttachments();
  const key = useIdempotencyKey();
  const form = useForm<ReplyFields>({ resolver: replyFields.resolver, defaultValues: { conversationId, body: "", uploadIds: [] } });
  const submit = form.handleSubmit(async (values) => {
    const result = await sendOnce(() => action({ ...values, uploadIds: attachments.ids, idempotencyKey: key.current() }), t("notConfirmed"));
    if (!result.ok) {
      form.setError("root.server", { message: result.error });
      return;
    }
    // Sent: the next reply is a new request.
    key.renew();
    form.reset({ conversationId, body: "", uploadIds: [] });
    attachments.setFiles([]);
    onSent(result.data);
  });
  const bodyError = form.formState.errors.body?.message;
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-labelledby="repondre-titre" onFocus={replyFields.preload} onPointerDown={replyFields.preload}>
      <h2 id="repondre-titre" className="text-lg font-semibold text-brand-900">
        {t("reply")}
      </h2>
      <FieldFrame label={t("yourMessage")} error={bodyError} size="sm" errorSpace="auto">
        {(control) => <textarea {...control} rows={4} className={field} {...form.register("body")} />}
      </FieldFrame>
      <ComposerFooter attachments={attachments} serverError={form.formState.errors.root?.server?.message} submitting={form.formState.isSubmitting} />
    </form>
  );
}

/** A new conversation of a kind: quote request, after-sales question, special slot request. */
export function NewConversationForm({ action, onSent }: { action: (input: NewConversationInput) => Promise<ActionResult<Sent>>; onSent: (sent: Sent) => void }) {
  const t = useTranslations("thread");
  const tk = useTranslations("requestKind");
  const attachments = useAttachments();
  const key = useIdempotencyKey();
  const form = useForm<NewConversationFields>({ resolver: newConversationFields.resolver, defaultValues: { subject: "", body: "", uploadIds: [] } });
  const submit = form.handleSubmit(async (values) => {
    const result = await sendOnce(() => action({ ...values, uploadIds: attachments.ids, idempotencyKey: key.current() }), t("notConfirmed"));
    if (!result.ok) {
      form.setError("root.server", { message: result.error });
      return;
    }
    onSent(result.data);
  });
  const e = form.formState.errors;
  return (
    <form onSubmit={submit} noValidate className="space-y-4" onFocus={newConversationFields.preload} onPointerDown={newConversationFields.preload}>
      <fieldset>
        <legend className="text-sm font-semibold text-slate-900">{t("kind")}</legend>
        <div className="mt-1 space-y-1">
          {REQUEST_KIND_VALUES.map((kind) => (
            <label key={kind} className="flex min-h-11 items-center gap-2">
              <input type="radio" value={kind} className="h-5 w-5" {...form.register("kind")} />
              {tk(kind)}
            </label>
          ))}
        </div>
        {e.kind?.message ? <p className={errorText}>{e.kind.message}</p> : null}
      </fieldset>
      <FieldFrame label={t("subject")} error={e.subject?.message} size="sm" errorSpace="auto">
        {(control) => <input {...control} className={field} {...form.register("subject")} />}
      </FieldFrame>
      <FieldFrame label={t("yourMessage")} error={e.body?.message} size="sm" errorSpace="auto">
        {(control) => <textarea {...control} rows={6} className={field} {...form.register("body")} />}
      </FieldFrame>
      <ComposerFooter attachments={attachments} serverError={e.root?.server?.message} submitting={form.formState.isSubmitting} />
    </form>
  );
}
