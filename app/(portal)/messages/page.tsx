import type { Metadata } from "next";
import { ConversationsView } from "@/components/messages/conversations-view";
import { requireCustomer } from "@/lib/auth/session";
import { unreadReplies } from "@/lib/dashboard/rules";
import { listConversations } from "@/lib/hubspot/queries";
import { getI18n } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("messages.title") };
}

export default async function MessagesPage() {
  const { contactId } = await requireCustomer();
  const [conversations, i18n] = await Promise.all([listConversations(contactId), getI18n()]);
  const unreadIds = new Set(unreadReplies(conversations).map((u) => u.conversation.id));
  return <ConversationsView i18n={i18n} conversations={conversations} unreadIds={unreadIds} />;
}
