"use client";

import { createContext, use, type ReactNode } from "react";
import type { Messages } from "@/lib/i18n/messages";

type ErrorMessages = Messages["errors"];

const ErrorMessagesContext = createContext<ErrorMessages | null>(null);

/**
 * The error boundaries' texts (the root layout gives them in the visitor's language). A plain
 * context rather than next-intl's client provider at the root: pages whose client components need
 * no translation (sign-in, dashboard, invoices) then load no message-formatting code (≈ 12 kB gzip);
 * pages that do wrap their part in components/i18n-provider.
 */
export function ErrorMessagesProvider({ messages, children }: { messages: ErrorMessages; children: ReactNode }) {
  return <ErrorMessagesContext value={messages}>{children}</ErrorMessagesContext>;
}

export function useErrorMessages(): ErrorMessages {
  const messages = use(ErrorMessagesContext);
  if (!messages) throw new Error("useErrorMessages outside ErrorMessagesProvider (app/layout.tsx)");
  return messages;
}
