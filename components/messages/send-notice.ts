import { pendingMessageId } from "@/lib/messages/limits";

/**
 * What the thread announces after « Envoyer », never ahead of what happened: nothing until the
 * server accepted the message; then « en cours de transmission » while the thread still lists it
 * as pending (or has not been re-read yet); « Message envoyé » once it was seen pending and is no
 * longer (HubSpot has it).
 */
export interface SentMessage {
  messageId: string;
  /** The thread has listed it as pending at least once since it was accepted. */
  seenPending: boolean;
}

export type SendNotice = "transmitting" | "sent" | null;

export function followSentMessage(sent: SentMessage | null, messages: readonly { id: string; pending: boolean }[]): { sent: SentMessage | null; notice: SendNotice } {
  if (!sent) return { sent: null, notice: null };
  const pendingNow = messages.some((m) => m.pending && m.id === pendingMessageId(sent.messageId));
  const next = pendingNow && !sent.seenPending ? { ...sent, seenPending: true } : sent;
  return { sent: next, notice: next.seenPending && !pendingNow ? "sent" : "transmitting" };
}
