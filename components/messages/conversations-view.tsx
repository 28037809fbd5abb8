import Link from "next/link";
import type { Conversation } from "@/lib/model/types";
import { LiveRefresh } from "@/lib/live/live-refresh";
import type { PendingConversation } from "@/lib/messages/get-thread";
import { LinkButton } from "@/components/ui/card";
import type { I18n } from "@/lib/i18n/server";
import { requestKindLabel, serviceDeskStatus } from "@/components/status";
import { Badge, Card, EmptyState } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page";

/** Messages: each conversation with the service desk, its state and its last message. */
export function ConversationsView({
  i18n,
  conversations,
  unreadIds,
  pending = [],
}: {
  i18n: I18n;
  conversations: Conversation[];
  unreadIds: ReadonlySet<string>;
  pending?: PendingConversation[];
}) {
  const { t, format } = i18n;
  return (
    <div className="space-y-6">
      <LiveRefresh />
      <PageHeader title={t("messages.title")} intro={t("messages.intro")} action={<LinkButton href="/messages/nouveau">{t("thread.newTitle")}</LinkButton>} />
      {pending.length ? (
        <Card id="envois" title={t("thread.pendingTitle")}>
          <ul className="divide-y divide-slate-100" data-testid="pending-conversations">
            {pending.map((p) => (
              <li key={p.localId} className="py-3 first:pt-0 last:pb-0">
                <p className="font-medium text-slate-900">{p.subject}</p>
                <p className="text-sm text-slate-600">
                  {requestKindLabel(t, p.kind)} · <span className="font-semibold text-amber-900">{t("thread.pending")}</span>
                </p>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card id="conversations" title={t("messages.conversations")}>
        {conversations.length === 0 ? (
          <EmptyState title={t("messages.empty")} />
        ) : (
          <ul className="divide-y divide-slate-100">
            {conversations.map((c) => {
              const status = serviceDeskStatus(t, c.stage);
              const last = c.messages.at(-1);
              const unread = unreadIds.has(c.id);
              return (
                <li key={c.id} className={`py-3 first:pt-0 last:pb-0 ${unread ? "border-l-4 border-l-brand-700 pl-3" : ""}`}>
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <Link href={`/messages/${c.id}`} className={`${unread ? "font-bold" : "font-medium"} text-brand-700 underline-offset-4 hover:underline`}>
                      {c.subject}
                    </Link>
                    <span className="flex flex-wrap gap-1">
                      {unread ? <Badge tone="info">{t("messages.unread")}</Badge> : null}
                      <Badge tone={status.tone}>{status.label}</Badge>
                    </span>
                  </div>
                  <p className="text-sm text-slate-600">
                    {requestKindLabel(t, c.kind)} · {t("messages.count", { count: c.messages.length })}
                  </p>
                  {last ? (
                    <p className="mt-1 line-clamp-2 text-sm text-slate-700">
                      <span className="font-semibold">{t("messages.said", { author: last.author === "staff" ? t("messages.staff") : t("messages.you") })}</span>{" "}
                      {last.body}
                      {last.at ? <span className="text-slate-600"> · {format.shortDateTime(last.at)}</span> : null}
                    </p>
                  ) : (
                    <p className="mt-1 text-sm text-slate-600">{t("messages.noMessage")}</p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
    </div>
  );
}
