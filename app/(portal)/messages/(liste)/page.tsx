import type { Metadata } from "next";
import { ConversationsView } from "@/components/messages/conversations-view";
import { ListPageSkeleton } from "@/components/ui/page";
import { Streamed } from "@/components/ui/streamed";
import { requireCustomer } from "@/lib/auth/session";
import { listConversationThreads } from "@/lib/messages/get-thread";
import { type I18n } from "@/lib/i18n/server";
import { getI18n } from "@/lib/auth/locale";
import { READY_WITHIN_MS, resolvesWithin } from "@/lib/ready";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("messages.title") };
}

export default async function MessagesPage() {
  const { contactId } = await requireCustomer();
  const data = Promise.all([listConversationThreads(contactId), getI18n()]);
  // In memory (a repeated view): drawn at once. Else the skeleton first, the list streams in.
  const ready = await resolvesWithin([data], READY_WITHIN_MS);
  return (
    <Streamed ready={ready} fallback={<MessagesSkeleton />}>
      <Messages data={data} />
    </Streamed>
  );
}

async function Messages({ data }: { data: Promise<[Awaited<ReturnType<typeof listConversationThreads>>, I18n]> }) {
  const [list, i18n] = await data;
  return <ConversationsView i18n={i18n} conversations={list.conversations} unreadIds={new Set(list.unreadIds)} pending={list.pending} />;
}

async function MessagesSkeleton() {
  const { t } = await getI18n();
  return <ListPageSkeleton title={t("messages.title")} intro={t("messages.intro")} sections={[t("messages.conversations")]} loading={t("shell.loading")} />;
}
