import "server-only";
import { and, desc, eq, gte, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { portalMessages } from "@/lib/db/schema";
import { getFileMeta } from "@/lib/hubspot/files";
import { getConversation, listConversations } from "@/lib/hubspot/queries";
import type { Conversation, ConversationMessage, RequestKind } from "@/lib/model/types";
import { pendingMessageId } from "./limits";
import { unreadReplies } from "./unread";

/**
 * Conversations as the customer sees them: HubSpot's service-desk tickets and visible notes,
 * plus their own messages still on their way (committed locally, not yet in HubSpot's answer),
 * marked `pending` so the page says "en cours de transmission".
 */
export interface ThreadMessage extends ConversationMessage {
  pending: boolean;
}

/** What the thread shows of an attachment: HubSpot's file name and size, and whether it is an image (thumbnail). */
export interface AttachmentInfo {
  name: string;
  size: number | null;
  image: boolean;
}

export interface Thread extends Omit<Conversation, "messages"> {
  messages: ThreadMessage[];
  unread: boolean;
  /** By file id; a file whose metadata could not be read is absent (shown as « Pièce jointe n »). */
  attachments: Record<string, AttachmentInfo>;
}

export interface PendingConversation {
  localId: string;
  kind: RequestKind | null;
  subject: string;
  body: string;
  at: string;
}

type Row = typeof portalMessages.$inferSelect;

/** How long a delivered message may still be missing from HubSpot's (cached) answer. */
const SENT_GRACE_MS = 15 * 60_000;

function pendingMessage(row: Row): ThreadMessage {
  return { id: pendingMessageId(row.id), author: "customer", body: row.body, at: row.createdAt.toISOString(), attachmentIds: [], pending: true };
}

/** Local rows not yet visible in HubSpot's thread: never sent, or sent but the note is not read back yet. */
function stillPending(rows: Row[], conversation: Conversation | null): Row[] {
  const noteIds = new Set(conversation?.messages.map((m) => m.id) ?? []);
  return rows.filter((r) => !r.noteId || !noteIds.has(r.noteId));
}

async function localRows(contactId: string, ticketId: string | null): Promise<Row[]> {
  const db = await getDb();
  // A sent message shows as pending only until HubSpot's answer includes it (cache TTL, minutes).
  const since = new Date(Date.now() - SENT_GRACE_MS);
  const rows = await db
    .select()
    .from(portalMessages)
    .where(and(eq(portalMessages.contactId, contactId), ticketId === null ? isNull(portalMessages.ticketId) : eq(portalMessages.ticketId, ticketId)))
    .orderBy(desc(portalMessages.createdAt))
    .limit(50);
  return rows.filter((r) => r.status === "pending" || r.createdAt >= since).reverse();
}

export async function getThread(contactId: string, conversationId: string): Promise<Thread> {
  const conversation = await getConversation(contactId, conversationId);
  const pending = stillPending(await localRows(contactId, conversationId), conversation).map(pendingMessage);
  const unread = unreadReplies([conversation]).length > 0;
  const attachments = await attachmentInfos(conversation.messages.flatMap((m) => m.attachmentIds));
  return { ...conversation, messages: [...conversation.messages.map((m) => ({ ...m, pending: false })), ...pending], unread, attachments };
}

/** HubSpot's file metadata (cached like every file reference); one unreadable file only loses its name. */
async function attachmentInfos(fileIds: string[]): Promise<Record<string, AttachmentInfo>> {
  const entries = await Promise.all(
    [...new Set(fileIds)].map(async (id) => {
      const file = await getFileMeta(id).catch(() => null);
      if (!file) return null;
      const image = (file.mimeType ?? "").startsWith("image/") || file.type === "IMG";
      return [id, { name: file.extension ? `${file.name}.${file.extension}` : file.name, size: file.size, image }] as const;
    }),
  );
  return Object.fromEntries(entries.filter((e) => e !== null));
}

export interface ConversationList {
  conversations: Conversation[];
  unreadIds: string[];
  /** New conversations still on their way to HubSpot (no ticket yet, or not listed yet). */
  pending: PendingConversation[];
}

export async function listConversationThreads(contactId: string): Promise<ConversationList> {
  const conversations = await listConversations(contactId);
  const db = await getDb();
  const rows = await db
    .select()
    .from(portalMessages)
    .where(and(eq(portalMessages.contactId, contactId), isNotNull(portalMessages.subject), gte(portalMessages.createdAt, new Date(Date.now() - 30 * 24 * 3600_000))))
    .orderBy(desc(portalMessages.createdAt))
    .limit(20);
  const known = new Set(conversations.map((c) => c.id));
  const since = Date.now() - SENT_GRACE_MS;
  // New conversations not listed yet: still pending, or delivered moments ago (ticket not in the cached list).
  const pending = rows
    .filter((r) => r.subject !== null && !(r.ticketId && known.has(r.ticketId)) && (r.status !== "sent" || r.createdAt.getTime() >= since))
    .map((r) => ({ localId: r.id, kind: r.kind as RequestKind | null, subject: r.subject ?? "", body: r.body, at: r.createdAt.toISOString() }));
  return { conversations, unreadIds: unreadReplies(conversations).map((u) => u.conversation.id), pending };
}
