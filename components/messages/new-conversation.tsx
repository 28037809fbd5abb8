"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/auth/customer-action";
import type { NewConversationInput } from "@/lib/messages/schemas";
import { NewConversationForm } from "./message-composer";

export function NewConversationPage({ action }: { action: (input: NewConversationInput) => Promise<ActionResult<{ messageId: string; conversationId: string | null }>> }) {
  const router = useRouter();
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <NewConversationForm action={action} onSent={() => router.push("/messages?envoye=1")} />
    </section>
  );
}
