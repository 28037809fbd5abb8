import type { Metadata } from "next";
import { I18nProvider } from "@/components/i18n-provider";
import { NewConversationPage } from "@/components/messages/new-conversation";
import { requireCustomer } from "@/lib/auth/session";
import { MESSAGES } from "@/lib/i18n/messages";
import { getI18n } from "@/lib/auth/locale";
import { startConversationAction } from "@/lib/messages/actions/start-conversation";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t("thread.newTitle") };
}

export default async function NewMessagePage() {
  await requireCustomer();
  const { locale, t } = await getI18n();
  const m = MESSAGES[locale];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-900">{t("thread.newTitle")}</h1>
      <I18nProvider locale={locale} messages={{ errors: m.errors, thread: m.thread, requestKind: m.requestKind }}>
        <NewConversationPage action={startConversationAction} />
      </I18nProvider>
    </div>
  );
}
