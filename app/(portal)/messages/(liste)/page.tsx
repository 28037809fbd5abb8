import type { Metadata } from "next";
import { ConversationsView } from "@/components/messages/conversations-view";
import { requireCustomer } from "@/lib/auth/session";
import { listConversationThreads } from "@/lib/messages/get-thread";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("messages.title") };
}

export default async function MessagesPage() {
  const { contactId } = await requireCustomer();
  const [list, i18n] = await Promise.all([listConversationThreads(contactId), getI18n()]);
  return <ConversationsView i18n={i18n} conversations={list.conversations} unreadIds={new Set(list.unreadIds)} pending={list.pending} />;
}
