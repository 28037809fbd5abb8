import type { Metadata } from "next";
import { ConversationsView } from "@/components/messages/conversations-view";
import { ListPageSkeleton } from "@/components/ui/page";
import { PageUnavailable, StaleNotice, settleSection } from "@/components/ui/section-state";
import { Streamed } from "@/components/ui/streamed";
import { requireCustomer } from "@/lib/auth/session";
import { listConversationThreads } from "@/lib/messages/get-thread";
import { withStaleness } from "@/lib/hubspot/staleness";
import { type I18n } from "@/lib/i18n/server";
import { getI18n } from "@/lib/auth/locale";
import { READY_WITHIN_MS, resolvesWithin } from "@/lib/ready";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("messages.title") };
}

export default async function MessagesPage({ searchParams }: { searchParams: Promise<{ envoye?: string }> }) {
  const { contactId } = await requireCustomer();
  // Back from « Envoyer » on a new request: said at once, in the words of its state (recorded, on its way).
  const justSent = (await searchParams).envoye === "1";
  // HubSpot down: the last known conversations with their age, or this section alone says it is unavailable.
  const data = Promise.all([settleSection(withStaleness(() => listConversationThreads(contactId))), getI18n()]);
  // In memory (a repeated view): drawn at once. Else the skeleton first, the list streams in.
  const ready = await resolvesWithin([data], READY_WITHIN_MS);
  return (
    <>
      {justSent ? <RequestRecorded /> : null}
      <Streamed ready={ready} fallback={<MessagesSkeleton />}>
        <Messages data={data} />
      </Streamed>
    </>
  );
}

type Settled<T> = { ok: true; value: { value: T; staleSince: string | null } } | { ok: false };

async function Messages({ data }: { data: Promise<[Settled<Awaited<ReturnType<typeof listConversationThreads>>>, I18n]> }) {
  const [read, i18n] = await data;
  if (!read.ok) return <PageUnavailable i18n={i18n} title={i18n.t("messages.title")} intro={i18n.t("messages.intro")} />;
  const list = read.value.value;
  return (
    <>
      <StaleNotice i18n={i18n} since={read.value.staleSince} />
      <ConversationsView i18n={i18n} conversations={list.conversations} unreadIds={new Set(list.unreadIds)} pending={list.pending} />
    </>
  );
}

async function RequestRecorded() {
  const { t } = await getI18n();
  return (
    <p role="status" className="mb-4 rounded-lg bg-green-50 p-3 font-medium text-green-900">
      {t("messages.requestRecorded")}
    </p>
  );
}

async function MessagesSkeleton() {
  const { t } = await getI18n();
  return <ListPageSkeleton title={t("messages.title")} intro={t("messages.intro")} sections={[t("messages.conversations")]} loading={t("shell.loading")} />;
}
