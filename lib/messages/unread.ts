import type { Conversation, ConversationMessage } from "@/lib/model/types";

const time = (iso: string | null | undefined) => (iso ? new Date(iso).getTime() : Number.NaN);

export interface UnreadConversation {
  conversation: Conversation;
  /** The latest staff message, the one the customer has not answered. */
  latestReply: ConversationMessage;
  /** Staff messages after the customer's latest message. */
  unreadCount: number;
}

/**
 * A conversation has an unread reply when its latest staff message is newer than the customer's
 * latest message (or the customer has written nothing in it yet). The portal keeps no read receipt
 * yet, so "read" means "answered": replying clears it. Messages are ordered by time when all have
 * one, else by their place in the thread (oldest first, as the data layer gives them). Each
 * conversation counts once, however many replies it holds. A closed conversation never counts: its
 * last word is the team closing it, and without read receipts it would stay "new" for ever.
 */
export function unreadReply(conversation: Conversation): UnreadConversation | null {
  if (conversation.stage === "closed") return null;
  const timed = conversation.messages.every((m) => !Number.isNaN(time(m.at)));
  // A stable sort keeps the thread order for messages stamped with the same time.
  const ordered = timed ? [...conversation.messages].sort((a, b) => time(a.at) - time(b.at)) : conversation.messages;
  const lastCustomer = ordered.findLastIndex((m) => m.author === "customer");
  const after = ordered.slice(lastCustomer + 1).filter((m) => m.author === "staff");
  const latestReply = after.at(-1);
  return latestReply ? { conversation, latestReply, unreadCount: after.length } : null;
}

/** Conversations with an unread reply, the most recent reply first. */
export function unreadReplies(conversations: Conversation[]): UnreadConversation[] {
  return conversations
    .map(unreadReply)
    .filter((u): u is UnreadConversation => u !== null)
    .sort((a, b) => (b.latestReply.at ?? "").localeCompare(a.latestReply.at ?? ""));
}

