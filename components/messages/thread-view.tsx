"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import type { ActionResult } from "@/lib/auth/customer-action";
import { createFormat } from "@/lib/i18n/format";
import { fetchJson } from "@/lib/live/query-provider";
import { POLL_INTERVAL_MS, useLiveChanges, type LiveChange } from "@/lib/live/use-live";
import type { Thread } from "@/lib/messages/get-thread";
import type { ReplyInput } from "@/lib/messages/schemas";
import { MessageAttachments } from "./message-attachments";
import { ReplyForm } from "./message-composer";
import { followSentMessage, type SentMessage } from "./send-notice";

/** A conversation with the service desk, live: staff replies appear without reload. */
export function ThreadView({ initial, replyAction }: { initial: Thread; replyAction: (input: ReplyInput) => Promise<ActionResult<{ messageId: string; conversationId: string | null }>> }) {
  const id = initial.id;
  const t = useTranslations("thread");
  const tk = useTranslations("requestKind");
  const ts = useTranslations("status.serviceDesk");
  const locale = useLocale();
  const format = useMemo(() => createFormat(locale === "en" ? "en" : "fr"), [locale]);
  const queryClient = useQueryClient();
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: ["thread", id] }), [id, queryClient]);
  const mode = useLiveChanges(useCallback((change: LiveChange) => (change.topic === "ticket" && change.id === id ? refresh() : undefined), [id, refresh]), refresh);
  const { data } = useQuery({
    queryKey: ["thread", id],
    queryFn: () => fetchJson<Thread>(`/api/messages/${id}`),
    initialData: initial,
    refetchInterval: mode === "live" || !initial ? false : POLL_INTERVAL_MS,
  });
  // « Message envoyé » only once it happened: after the server accepted it, « en cours de transmission ».
  const [sent, setSent] = useState<SentMessage | null>(null);
  const followed = followSentMessage(sent, data.messages);
  // Remember « seen pending » as the thread is read (React's adjust-state-while-rendering pattern).
  if (followed.sent !== sent) setSent(followed.sent);
  const onSent = useCallback(
    ({ messageId }: { messageId: string }) => {
      setSent({ messageId, seenPending: false });
      refresh();
    },
    [refresh],
  );
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-brand-900">{data.subject}</h1>
        <p className="text-sm text-slate-700">
          {tk(data.kind ?? "unknown")} · {ts(data.stage ?? "unknown")}
        </p>
      </div>
      <section aria-labelledby="fil-titre" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="fil-titre" className="sr-only">
          {t("messages")}
        </h2>
        {data.messages.length === 0 ? <p className="text-sm text-slate-700">{t("empty")}</p> : null}
        <ol className="space-y-3" aria-live="polite" data-testid="thread">
          {data.messages.map((m) => (
            <li
              key={m.id}
              data-testid={m.author === "staff" ? "staff-message" : "customer-message"}
              className={`max-w-[90%] rounded-xl p-3 ${m.author === "staff" ? "bg-brand-50 text-slate-900" : "ml-auto bg-slate-100 text-slate-900"}`}
            >
              <p className="text-xs font-semibold text-slate-800">
                {m.author === "staff" ? t("staff") : t("you")}
                {m.at ? ` · ${format.shortDateTime(m.at)}` : ""}
              </p>
              <p className="mt-1 whitespace-pre-line">{m.body}</p>
              <MessageAttachments conversationId={id} fileIds={m.attachmentIds} files={data.attachments ?? {}} format={format} />
              {m.pending ? <p className="mt-1 text-xs font-semibold text-amber-900">{t("pending")}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <ReplyForm conversationId={id} action={replyAction} onSent={onSent} />
        <p role="status" className="mt-3 text-sm font-semibold text-slate-800" data-testid="send-notice">
          {followed.notice === "sent" ? t("sentNotice") : followed.notice === "transmitting" ? t("transmittingNotice") : ""}
        </p>
      </section>
    </div>
  );
}
