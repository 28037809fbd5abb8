import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { I18nProvider } from "@/components/i18n-provider";
import { ThreadView } from "@/components/messages/thread-view";
import { requireCustomer } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { MESSAGES } from "@/lib/i18n/messages";
import { getI18n } from "@/lib/auth/locale";
import { LiveQueryProvider } from "@/lib/live/query-provider";
import { getThread, type Thread } from "@/lib/messages/get-thread";
import { replyAction } from "@/lib/messages/actions/reply";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("thread.title") };
}

export default async function ThreadPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { contactId } = await requireCustomer();
  const { locale } = await getI18n();
  let thread: Thread;
  try {
    thread = await getThread(contactId, id);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const m = MESSAGES[locale];
  return (
    <I18nProvider locale={locale} messages={{ errors: m.errors, thread: m.thread, status: m.status, requestKind: m.requestKind }}>
      <LiveQueryProvider>
        <ThreadView initial={thread} replyAction={replyAction} />
      </LiveQueryProvider>
    </I18nProvider>
  );
}
